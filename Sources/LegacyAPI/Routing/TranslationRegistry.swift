/// Every named translation the code provides, and the views shapes may draw fields from.
/// Mappings are validated against this at start-up.
public struct TranslationRegistry: Sendable {
    public private(set) var translations: [String: any LegacyTranslation] = [:]

    public init(_ translations: [any LegacyTranslation]) {
        for translation in translations {
            precondition(self.translations[type(of: translation).name] == nil, "duplicate translation \(type(of: translation).name)")
            self.translations[type(of: translation).name] = translation
        }
    }

    /// All translations of the legacy API.
    public static let standard = TranslationRegistry([
        LoginTranslation(), AdminLoginTranslation(), RefreshTranslation(), VerifyTokenTranslation(),
        LogoutTranslation(), SendCodeTranslation(),
        UserInfoTranslation(), UpdateUserInfoTranslation(), UserStatusTranslation(),
        PointsRecordsTranslation(), PointsStatisticsTranslation(),
        LotteryConfigTranslation(), LotteryDrawTranslation(), LotteryRecordsTranslation(), LotteryStatisticsTranslation(),
        PhotoHistoryTranslation(), ExchangeProductsTranslation(), ExchangeSubmitTranslation(), ExchangeOrdersTranslation(),
        ExchangeCategoriesTranslation(),
        PhotoUploadTranslation(), PhotoReviewDetailTranslation(), PhotoStatisticsTranslation(), AvatarTranslation(),
        MerchantApplyTranslation(), PendingReviewsTranslation(), MerchantReviewTranslation(), BatchReviewTranslation(),
        MerchantStatisticsTranslation(), ProductStatsTranslation(),
        // The /api/v1 family's own (every other v1 route reuses one above).
        UploadTokenTranslation(), UploadFileTranslation(), LotteryMaintenanceTranslation(), LotteryConfigUpdateTranslation(), CaptchaTranslation(),
    ])

    public static let views: [String: Set<String>] = [
        "user": LegacyUserView.fieldNames,
        "admin": LegacyAdminView.fieldNames,
        "prize": LegacyPrizeView.fieldNames,
        "upload": LegacyUploadView.fieldNames,
        "points_record": LegacyPointsRecordView.fieldNames,
        "product": LegacyProductView.fieldNames,
        "order": LegacyOrderView.fieldNames,
        "pending_review": LegacyPendingReviewView.fieldNames,
        "review_result": LegacyReviewResultView.fieldNames,
        "ws_points": LegacySocketMessage.View.points.names,
        "ws_stock": LegacySocketMessage.View.stock.names,
        "ws_review": LegacySocketMessage.View.review.names,
        "ws_system": LegacySocketMessage.View.system.names,
    ]

    public var vocabulary: MappingLoader.Vocabulary {
        MappingLoader.Vocabulary(
            translations: Set(translations.keys), views: Self.views,
            reads: translations.mapValues { type(of: $0).reads })
    }
}
