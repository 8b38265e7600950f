import Testing

@testable import OpenCUSCore

/// Contrast ratios against white compared with values published by WebAIM's contrast checker
/// and the WCAG 2.1 understanding documents (an oracle independent of this code).
@Suite struct AccentColourTests {
    @Test(arguments: [
        ("#000000", 21.0), ("#767676", 4.54), ("#777777", 4.48), ("#949494", 3.03), ("#ff0000", 4.0),
        ("#0000ff", 8.59), ("#008000", 5.14), ("#ffffff", 1.0),
    ])
    func contrastAgainstWhiteMatchesPublishedValues(_ hex: String, _ published: Double) throws {
        let colour = try #require(RGBColour(hex: hex))
        #expect(abs(colour.contrast(with: .white) - published) < 0.01, "\(hex)")
    }

    @Test func readsTheWebsNotationsAndRefusesTheRest() {
        #expect(RGBColour(hex: "#0A4D8C")?.hex == "#0a4d8c")
        #expect(RGBColour(hex: "0a4d8c")?.hex == "#0a4d8c")
        #expect(RGBColour(hex: "#fff") == .white)
        for bad in ["", "#12345", "#gggggg", "red", "#0a4d8c; background:url(x)", "#1234567"] {
            #expect(RGBColour(hex: bad) == nil, "\(bad)")
        }
    }

    @Test func anAccentMustReadOnWhiteAndEmptyMeansTheSitesOwn() throws {
        #expect(try AccentColour.validate("").get() == nil)
        #expect(try AccentColour.validate("#767676").get()?.hex == "#767676")
        guard case .failure(let tooLight) = AccentColour.validate("#777777") else {
            Issue.record("#777777 (4.48:1) accepted")
            return
        }
        #expect(tooLight["accentColour"]?.contains("4,47:1") == true)
        guard case .failure(let garbage) = AccentColour.validate("<script>") else {
            Issue.record("garbage accepted")
            return
        }
        #expect(garbage["accentColour"]?.contains("#0a4d8c") == true)
        #expect(RGBColour(hex: "#0a4d8c")!.darkened(by: 0.25).hex == "#083a69")
    }
}
