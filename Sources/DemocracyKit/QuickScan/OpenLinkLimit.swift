/// How many inhabitants one network address may start on a scan's open link in an hour. A town meeting where 200
/// people answer on one Wi-Fi network stays well under it; a script that sends thousands of responses does not.
/// What is refused is counted on the scan, so its coordinator sees the burst.
public enum OpenLinkLimit {
    public static let startsPerAddress = 300
    public static let windowSeconds = 3_600.0
    public static let windowMinutes = 60
}
