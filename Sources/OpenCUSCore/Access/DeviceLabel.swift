/// A short, readable name for the browser and system of a session ("Firefox, Windows"), from
/// the User-Agent header: enough for a person to recognise their own sessions in the list,
/// without keeping the whole header (a fingerprint).
public enum DeviceLabel {
    public static func from(userAgent: String?) -> String {
        guard let ua = userAgent, !ua.isEmpty else { return "nieznane urządzenie" }
        let browser: String
        if ua.contains("Edg/") {
            browser = "Edge"
        } else if ua.contains("OPR/") {
            browser = "Opera"
        } else if ua.contains("Firefox/") {
            browser = "Firefox"
        } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
            browser = "Chrome"
        } else if ua.contains("Safari/") {
            browser = "Safari"
        } else {
            browser = "inna przeglądarka"
        }
        let system: String
        if ua.contains("Android") {
            system = "Android"
        } else if ua.contains("iPhone") || ua.contains("iPad") {
            system = "iOS"
        } else if ua.contains("Windows") {
            system = "Windows"
        } else if ua.contains("Mac OS") {
            system = "macOS"
        } else if ua.contains("Linux") {
            system = "Linux"
        } else {
            system = "inny system"
        }
        return "\(browser), \(system)"
    }
}
