/// What the generator produces; defaults follow Đồng Tháp's 2023 figures (see docs/mock-province.md).
public struct ProvinceGeneratorConfiguration: Sendable {
    /// Province code (level-1 agency code suffix). Default `H20`.
    public var province = "H20"
    /// Dossiers submitted within the generation window. Default 10,000.
    public var dossiers = 10_000
    /// PRNG seed: the same seed gives byte-identical output. Default 1.
    public var seed: UInt64 = 1
    /// First day of the window (local). Default 1/1/2023.
    public var startYear = 2023, startMonth = 1, startDay = 1
    /// Length of the window in calendar days; the simulated clock starts at its end. Default 365.
    public var days = 365
    /// First dossierId. Default 100,001.
    public var firstDossierId: Int32 = 100_001
    /// Share of dossiers submitted online (46,252 / 86,512 new dossiers in 2023).
    public var onlineShare = 46_252.0 / 86_512.0
    /// Share of dossiers sent by post (send-only 1,662 + both 13,713, of 86,512).
    public var postalSendShare = 15_375.0 / 86_512.0
    /// Of dossiers sent by post, share whose result also returns by post (13,713 / 15,375).
    public var postalReturnGivenSend = 13_713.0 / 15_375.0
    /// Of online dossiers, share whose result returns by post (2,620 / 46,252).
    public var postalReturnGivenOnline = 2_620.0 / 46_252.0
    /// Of counter dossiers, share whose result returns by post ((11,592 − 2,620) / 24,885).
    public var postalReturnGivenDirect = 8_972.0 / 24_885.0
    /// Share of completed dossiers processed after their due date. Default 3%.
    public var lateShare = 0.03
    /// Share of dossiers with a supplement request. Default 6%.
    public var supplementShare = 0.06
    /// Share of fee-bearing dossiers that wait for payment during processing. Default 35%.
    public var payingShare = 0.35
    /// Share of dossiers with an intermediate processing step. Default 25%.
    public var processStepShare = 0.25
    /// Share withdrawn by the applicant. Default 1%.
    public var cancelledShare = 0.01
    /// Share refused. Default 0.8%.
    public var deniedShare = 0.008
    /// Share filed by businesses. Default 8%.
    public var businessShare = 0.08
    /// Share of bad records injected (see `ProvinceDefect`). Default 0.
    public var badShare = 0.0

    /// Defaults.
    public init() {}

    /// Defaults with the usual command-line parameters (`--province H20 --dossiers N --seed K`).
    public init(province: String = "H20", dossiers: Int, seed: UInt64, badShare: Double = 0) {
        self.province = province
        self.dossiers = dossiers
        self.seed = seed
        self.badShare = badShare
    }
}
