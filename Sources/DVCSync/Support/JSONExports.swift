/// `JSONValue`, `JSONParser` and `JSONWriter` live in the dependency-free `DVCJSON` target (shared with the mock) and
/// are part of DVCSync's public API through this re-export.
@_exported import DVCJSON
