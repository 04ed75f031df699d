#include <sqlite3.h>

/// SQLITE_TRANSIENT cannot be imported into Swift as a macro; this helper returns it.
static inline sqlite3_destructor_type dvc_sqlite_transient(void) { return SQLITE_TRANSIENT; }
