/// The look of the project's plots as one stylesheet: figures carry CSS classes, never colours, so
/// the same SVG reads in light and dark mode (`prefers-color-scheme`). A standalone SVG embeds the
/// sheet; an HTML page embeds it once for all its figures.
public enum PlotStyle {
    /// How many distinct series colours there are; a figure overlays at most this many lines.
    public static let paletteSize = 8

    /// Series colours for a light background, then their lighter counterparts for a dark one
    /// (Tableau 10, each at least 3:1 against its background).
    private static let light = ["#1f77b4", "#d62728", "#2ca02c", "#e07000", "#9467bd", "#8c564b", "#d6339c", "#5f6b6d"]
    private static let dark = ["#6cb4ee", "#ff7b7b", "#6bd36b", "#ffaa55", "#c7a6ff", "#d0a080", "#ff8fd0", "#b8c2c4"]

    /// The rules for the classes figures use: `plot` (the root), `background`, `frame`, `grid`,
    /// `tick`, `muted`, `s0`… (a series' stroke), `f0`… (its fill), `box`.
    public static let stylesheet: String = {
        func variables(_ colors: [String], foreground: String, background: String, grid: String, muted: String)
            -> String
        {
            "--plot-fg:\(foreground);--plot-bg:\(background);--plot-grid:\(grid);--plot-muted:\(muted);"
                + colors.enumerated().map { "--plot-s\($0.offset):\($0.element);" }.joined()
        }
        let series = (0..<paletteSize).map {
            ".s\($0){stroke:var(--plot-s\($0))}.f\($0){fill:var(--plot-s\($0))}"
        }.joined()
        return """
            :root{\(variables(light, foreground: "#1b1b1b", background: "#ffffff", grid: "#e2e2e2", muted: "#6a6a6a"))}
            @media (prefers-color-scheme: dark){:root{\(variables(dark, foreground: "#e4e4e4", background: "#17191d", grid: "#34373d", muted: "#a0a0a0"))}}
            .plot{font-family:Helvetica,Arial,sans-serif;font-size:12px}
            .plot text{fill:var(--plot-fg)}
            .plot .muted{fill:var(--plot-muted)}
            .plot .title{font-size:14px;font-weight:bold}
            .plot .background{fill:var(--plot-bg)}
            .plot .frame{fill:none;stroke:var(--plot-muted)}
            .plot .grid{stroke:var(--plot-grid)}
            .plot .tick{stroke:var(--plot-muted)}
            .plot .line{fill:none;stroke-width:1.5;stroke-linejoin:round}
            .plot .box{fill-opacity:0.25;stroke-width:1.2}
            .plot .whisker{stroke-width:1.2}
            \(series)

            """
    }()

    /// The palette class suffix of `color`, wrapping around the palette.
    static func slot(_ color: Int) -> Int { ((color % paletteSize) + paletteSize) % paletteSize }
}
