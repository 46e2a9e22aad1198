import Foundation

/// Bar charts drawn on the server as SVG: no script needed, printable, and always shown next to a table with
/// the same numbers. The SVG carries a title and description for screen readers.
enum SVGChart {
    struct Bar {
        let label: String
        let value: Double
        let valueLabel: String
    }

    /// Horizontal bars on a scale from 0 to `maximum`. Narrow (380 units), so that on a phone it is drawn at
    /// about its own size and its 14-unit text stays readable; the style sheet caps its width on wide screens.
    static func horizontalBars(_ bars: [Bar], maximum: Double, title: String, description: String, id: String) -> String {
        // The label column grows with the longest label (about 8.4 units a character at 14 units), within the
        // same total width, so no label is cut off at the left edge.
        let longest = Double(bars.map(\.label.count).max() ?? 0)
        let labelWidth = min(200, max(130, longest * 8.4 + 12)), valueWidth = 50.0, rowHeight = 28.0, top = 8.0
        let width = 380.0, barArea = width - labelWidth - valueWidth
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

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The text in lines of at most about `width` characters, broken at spaces; a longer word keeps its line.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for word in text.split(separator: " ") {
            if let last = lines.last, last.count + 1 + word.count <= width {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(String(word))
            }
        }
        return lines
    }
}

extension SVGChart {
    struct Series {
        let name: String
        /// One value per axis, 0–100; nil where there is no value.
        let values: [Double?]
        /// A CSS class giving colour and line style, so the series differ in more than colour.
        let styleClass: String
    }

    /// A radar (spider) chart of several series over the same axes, on a scale from 0 to 100. Each axis is
    /// numbered (1, 2, …: the numbers of the table beside it) and named, the name on two lines when long, so it
    /// fits. A narrow screen shows `groupedBars` instead, as the names would be too small to read there.
    static func radar(axes: [String], series: [Series], title: String, description: String, id: String) -> String {
        // Wide enough for the axis labels left and right of the circle.
        let width = 820.0, height = 540.0, centerX = width / 2, centerY = height / 2, radius = 190.0
        let count = axes.count
        guard count >= 3 else { return "" }
        func point(_ axis: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(count)
            return (centerX + cos(angle) * radius * value / 100, centerY + sin(angle) * radius * value / 100)
        }
        func pair(_ p: (Double, Double)) -> String { String(format: "%.1f,%.1f", p.0, p.1) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart radar" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
            <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(description))</desc>
            """
        for level in [25.0, 50, 75, 100] {
            let ring = (0..<count).map { pair(point($0, level)) }.joined(separator: " ")
            svg += "<polygon points=\"\(ring)\" class=\"radar-ring\"/>"
        }
        for (index, label) in axes.enumerated() {
            let end = point(index, 100)
            svg +=
                "<line x1=\"\(centerX)\" y1=\"\(centerY)\" x2=\(String(format: "\"%.1f\" y2=\"%.1f\"", end.0, end.1)) class=\"radar-axis\"/>"
            let text = point(index, 112)
            let anchor = abs(text.0 - centerX) < 20 ? "middle" : (text.0 < centerX ? "end" : "start")
            let lines = wrap("\(index + 1). \(label)", width: 22)
            // Lines above the axis end go up from it, lines below go down, the others are centred on it.
            let above = text.1 < centerY - radius * 0.9, below = text.1 > centerY + radius * 0.9
            let firstY = text.1 + 4 - (above ? 18 * Double(lines.count - 1) : below ? 0 : 9 * Double(lines.count - 1))
            svg +=
                "<text x=\"\(fmt(text.0))\" y=\"\(fmt(firstY))\" text-anchor=\"\(anchor)\" class=\"chart-label radar-name\">"
                + lines.enumerated().map { "<tspan x=\"\(fmt(text.0))\" dy=\"\($0.offset == 0 ? 0 : 18)\">\(escape($0.element))</tspan>" }
                .joined()
                + "</text>"
        }
        for level in [50.0, 100] {
            let mark = point(0, level)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" class=\"radar-scale\">%d</text>", mark.0 + 4, mark.1 - 2, Int(level))
        }
        for item in series {
            let points = item.values.enumerated().compactMap { index, value in value.map { pair(point(index, $0)) } }
            guard points.count >= 2 else { continue }
            svg +=
                "<polygon points=\"\(points.joined(separator: " "))\" class=\"radar-series \(item.styleClass)\"><title>\(escape(item.name))</title></polygon>"
        }
        return svg + "</svg>"
    }
}

extension SVGChart {
    /// The radar's numbers in a form a phone can read: per axis its name, then a bar per series with the series'
    /// name and value. Narrow (380 units, like the other bar charts), so its text keeps its size on a small screen;
    /// each bar is named, so the groups differ in more than colour. An axis without a value for a series shows a dash.
    static func groupedBars(axes: [String], series: [Series], title: String, description: String, id: String) -> String {
        let width = 380.0, labelWidth = 120.0, valueWidth = 40.0, barArea = width - labelWidth - valueWidth
        let lineHeight = 20.0, rowHeight = 24.0, gap = 12.0
        // A long theme name takes two lines rather than being cut off.
        let headings = axes.enumerated().map { wrap("\($0.offset + 1). \($0.element)", width: 44) }
        let blockHeights = headings.map { 6 + lineHeight * Double($0.count) + rowHeight * Double(series.count) + gap }
        let height = blockHeights.reduce(0, +)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart grouped-bars" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
            <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(description))</desc>
            """
        var top = 0.0
        for axis in axes.indices {
            for (line, text) in headings[axis].enumerated() {
                svg +=
                    "<text x=\"0\" y=\"\(fmt(top + 18 + lineHeight * Double(line)))\" class=\"chart-label chart-heading\">\(escape(text))</text>"
            }
            let barsTop = top + 6 + lineHeight * Double(headings[axis].count)
            for (index, item) in series.enumerated() {
                let y = barsTop + Double(index) * rowHeight
                let value = axis < item.values.count ? item.values[axis] : nil
                let length = max(0, min(1, (value ?? 0) / 100)) * barArea
                svg += """
                    <text x="\(fmt(labelWidth - 8))" y="\(fmt(y + 15))" text-anchor="end" class="chart-label">\(escape(item.name))</text>\
                    <rect x="\(fmt(labelWidth))" y="\(fmt(y + 3))" width="\(fmt(barArea))" height="16" class="chart-track"/>\
                    <rect x="\(fmt(labelWidth))" y="\(fmt(y + 3))" width="\(fmt(length))" height="16" class="group-bar \(item.styleClass)"/>\
                    <text x="\(fmt(labelWidth + barArea + 6))" y="\(fmt(y + 15))" class="chart-value">\(value.map { String(Int($0.rounded())) } ?? "–")</text>
                    """
            }
            top += blockHeights[axis]
        }
        return svg + "</svg>"
    }
}
