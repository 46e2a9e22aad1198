import Foundation

/// Bar charts drawn on the server as SVG: no script needed, printable, and always shown next to a table with
/// the same numbers. The SVG carries a title and description for screen readers.
enum SVGChart {
    struct Bar {
        let label: String
        let value: Double
        let valueLabel: String
    }

    /// Horizontal bars on a scale from 0 to `maximum`.
    static func horizontalBars(_ bars: [Bar], maximum: Double, title: String, description: String, id: String) -> String {
        let labelWidth = 150.0, barArea = 360.0, valueWidth = 60.0, rowHeight = 28.0, top = 8.0
        let width = labelWidth + barArea + valueWidth
        let height = top * 2 + rowHeight * Double(bars.count)
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" \
        role="img" aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(description))</desc>
        """
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let length = maximum > 0 ? max(0, min(1, bar.value / maximum)) * barArea : 0
            svg += """
            <text x="\(fmt(labelWidth - 8))" y="\(fmt(y + 18))" text-anchor="end" class="chart-label">\(escape(bar.label))</text>\
            <rect x="\(fmt(labelWidth))" y="\(fmt(y + 5))" width="\(fmt(barArea))" height="18" class="chart-track"/>\
            <rect x="\(fmt(labelWidth))" y="\(fmt(y + 5))" width="\(fmt(length))" height="18" class="chart-bar"/>\
            <text x="\(fmt(labelWidth + barArea + 6))" y="\(fmt(y + 18))" class="chart-value">\(escape(bar.valueLabel))</text>
            """
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
