extension ReportPage {
    /// The page's own rules (the figures' are `PlotStyle.stylesheet`): system fonts, light and dark
    /// colours from `prefers-color-scheme`, tables that scroll sideways rather than overflow.
    static let stylesheet = """
        :root{color-scheme:light dark;--fg:#1b1b1b;--bg:#ffffff;--muted:#5f5f5f;--rule:#d8d8d8;--band:#f4f5f7;--link:#0b5cad}
        @media (prefers-color-scheme: dark){:root{--fg:#e4e4e4;--bg:#17191d;--muted:#a4a4a4;--rule:#3a3d44;--band:#202329;--link:#8cc4ff}}
        html{background:var(--bg);color:var(--fg)}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:0 20px 40px}
        a{color:var(--link)}
        h1{font-size:1.6em;margin:24px 0 4px}
        h2{font-size:1.3em;margin:32px 0 8px;padding-top:8px;border-top:1px solid var(--rule)}
        nav{margin:8px 0}
        .muted,.caption{color:var(--muted)}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
        th,td{border-bottom:1px solid var(--rule);padding:4px 10px;text-align:left;vertical-align:top}
        thead th{border-bottom:2px solid var(--rule)}
        tbody tr:nth-child(even){background:var(--band)}
        .number{text-align:right;white-space:nowrap}
        .seeds{color:var(--muted);font-size:0.85em}
        details{margin:8px 0}
        summary{cursor:pointer;font-weight:600}
        figure{margin:8px 0}
        svg.plot{max-width:100%;height:auto}
        .significant{font-weight:600}

        """
}
