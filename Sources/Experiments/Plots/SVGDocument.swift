/// The `<svg>` element around a figure's drawing: standalone (an `.svg` file, with the XML prolog, the
/// namespace, the stylesheet and a background) or inline (in an HTML page that holds the stylesheet).
enum SVGDocument {
    static func wrap(_ body: String, width: Double, height: Double, label: String, standalone: Bool) -> String {
        let size =
            "width=\"\(Markup.number(width))\" height=\"\(Markup.number(height))\" "
            + "viewBox=\"0 0 \(Markup.number(width)) \(Markup.number(height))\""
        guard standalone else {
            return "<svg class=\"plot\" \(size) role=\"img\" aria-label=\"\(Markup.escape(label))\">\n\(body)</svg>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" class="plot" \(size) role="img">
            <title>\(Markup.escape(label))</title>
            <style>
            \(PlotStyle.stylesheet)</style>
            <rect class="background" width="100%" height="100%"/>
            \(body)</svg>

            """
    }
}
