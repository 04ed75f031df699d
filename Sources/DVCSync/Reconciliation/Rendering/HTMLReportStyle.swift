extension HTMLReportRenderer {
    /// The page's inline style sheet (system fonts only).
    static let style = """
        *{box-sizing:border-box}body{margin:0;background:#f3f5f8;color:#1d2733;\
        font:14px/1.45 "Segoe UI","Noto Sans","DejaVu Sans",Arial,sans-serif}\
        main{max-width:1220px;margin:0 auto;padding:20px}\
        header{display:flex;justify-content:space-between;align-items:flex-start;background:#fff;border-radius:8px;\
        padding:16px 20px;border-top:4px solid #b3261e;box-shadow:0 1px 3px rgba(0,0,0,.08)}\
        h1{font-size:21px;margin:0 0 8px}h2{font-size:17px;margin:0 0 10px}h3{font-size:14px;margin:0 0 6px;color:#36475a}\
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px}\
        dt{color:#5b6b7c}dd{margin:0}\
        .verdict{font-weight:700;font-size:18px;padding:10px 18px;border-radius:6px;white-space:nowrap}\
        .verdict.pass,.badge.pass{background:#e3f4e8;color:#1e7a3c}.verdict.fail,.badge.fail{background:#fbe4e2;color:#b3261e}\
        .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}\
        .card{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08);\
        border-left:4px solid #2f6fb0}.card.alert{border-left-color:#c94a4a}\
        .ct{font-size:12.5px;color:#5b6b7c}.cv{font-size:26px;font-weight:700;margin:2px 0}.cn{font-size:12px;color:#5b6b7c}\
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-bottom:16px}\
        .panel,section{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}\
        main>section{margin-bottom:16px}.grid>.panel{min-width:0}\
        main>section.cards,main>section.grid{background:none;box-shadow:none;padding:0}td.sub{padding-left:26px}\
        svg{display:block;max-width:100%}svg .lbl{font-size:12px;fill:#36475a}svg .val{font-size:12px;fill:#1d2733}\
        svg .note{font-size:11px;fill:#b3261e}.scroll{overflow-x:auto}\
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:5px 8px;border-bottom:1px solid #e4e8ee;\
        text-align:left;vertical-align:top}th{background:#eef2f7;font-weight:600}.num{text-align:right;white-space:nowrap}th.num{white-space:normal}\
        table.wide{font-size:12.5px}table.wide td:first-child{min-width:190px}\
        tbody tr:nth-child(even){background:#fafbfd}.mono{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px}\
        .disc td.mono{white-space:nowrap}.disc td:last-child{min-width:330px}.disc td:first-child{min-width:150px}\
        .diff{font-size:12px;overflow-wrap:anywhere}del{color:#b3261e}ins{color:#1e7a3c;text-decoration:none}\
        .badge{padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600}.note{color:#5b6b7c;font-size:12px}\
        footer{color:#7a8796;font-size:12px;text-align:center;margin:8px 0 20px}
        """
}
