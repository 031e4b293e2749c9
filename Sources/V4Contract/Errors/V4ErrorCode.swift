import HTTPTypes

/// The V4 error codes the core emits, with their HTTP status and default message
/// (V4 inventory §4.1-§4.3).
public enum V4ErrorCode: String, Sendable, CaseIterable, Codable {
    case internalServerError = "INTERNAL_SERVER_ERROR"
    case invalidRequest = "INVALID_REQUEST"
    case missingParameter = "MISSING_PARAMETER"
    case invalidParameter = "INVALID_PARAMETER"
    case invalidPagination = "INVALID_PAGINATION"
    case databaseError = "DATABASE_ERROR"
    case notFound = "NOT_FOUND"
    case methodNotAllowed = "METHOD_NOT_ALLOWED"
    case smsUnavailable = "SMS_SERVICE_UNAVAILABLE"
    case payloadTooLarge = "PAYLOAD_TOO_LARGE"
    case unauthorized = "UNAUTHORIZED"
    case tokenMissing = "TOKEN_MISSING"
    case tokenInvalid = "TOKEN_INVALID"
    case tokenExpired = "TOKEN_EXPIRED"
    case refreshTokenRequired = "REFRESH_TOKEN_REQUIRED"
    case invalidRefreshToken = "INVALID_REFRESH_TOKEN"
    case invalidRefreshTokenFormat = "INVALID_REFRESH_TOKEN_FORMAT"
    case refreshTokenExpired = "REFRESH_TOKEN_EXPIRED"
    case mobileRequired = "MOBILE_REQUIRED"
    case invalidMobile = "INVALID_MOBILE"
    case invalidVerificationCode = "INVALID_VERIFICATION_CODE"
    case userNotFound = "USER_NOT_FOUND"
    case userInactive = "USER_INACTIVE"
    case loginFailed = "LOGIN_FAILED"
    case adminCredentialsRequired = "ADMIN_CREDENTIALS_REQUIRED"
    case invalidAdminCredentials = "INVALID_ADMIN_CREDENTIALS"
    case permissionDenied = "PERMISSION_DENIED"
    case adminOnly = "ADMIN_ONLY"
    case selfOnly = "SELF_ONLY"
    case insufficientPoints = "INSUFFICIENT_POINTS"
    case rateLimitExceeded = "RATE_LIMIT_EXCEEDED"
    case noActiveCampaign = "NO_ACTIVE_CAMPAIGN"
    case campaignNotFound = "CAMPAIGN_NOT_FOUND"
    case maxDrawsExceeded = "MAX_DRAWS_EXCEEDED"
    case invalidDrawCount = "INVALID_DRAW_COUNT"
    case drawError = "DRAW_ERROR"
    case prizeNotFound = "PRIZE_NOT_FOUND"
    case prizeOutOfStock = "PRIZE_OUT_OF_STOCK"
    case productNotFound = "PRODUCT_NOT_FOUND"
    case productOutOfStock = "PRODUCT_OUT_OF_STOCK"
    /// Extension: the product exists but is off the shelf (V1's 3004 商品已下架).
    case productInactive = "PRODUCT_INACTIVE"
    case exchangeFailed = "EXCHANGE_FAILED"
    case exchangeNotFound = "EXCHANGE_NOT_FOUND"
    case exchangeCannotCancel = "EXCHANGE_CANNOT_CANCEL"
    /// Extension: an admin status change that does not move the order forward.
    case exchangeStatusInvalid = "EXCHANGE_STATUS_INVALID"
    case noImageFile = "NO_IMAGE_FILE"
    case invalidFileType = "INVALID_FILE_TYPE"
    case fileTooLarge = "FILE_TOO_LARGE"
    case storageError = "SEALOS_UPLOAD_ERROR"
    case imageNotFound = "IMAGE_NOT_FOUND"
    case imageAlreadyReviewed = "IMAGE_ALREADY_REVIEWED"
    case reviewFailed = "REVIEW_FAILED"
    /// Extensions for the legacy receipt flow and the merchant role.
    case invalidAmount = "INVALID_AMOUNT"
    case amountTooLarge = "AMOUNT_TOO_LARGE"
    case actualAmountRequired = "ACTUAL_AMOUNT_REQUIRED"
    case alreadyMerchant = "ALREADY_MERCHANT"
    case merchantApplicationPending = "MERCHANT_APPLICATION_PENDING"
    case merchantApplicationNotFound = "MERCHANT_APPLICATION_NOT_FOUND"

    /// HTTP status per the [B] mapping rules (§1.4).
    public var status: HTTPResponse.Status {
        switch self {
        case .internalServerError, .databaseError, .loginFailed, .drawError, .exchangeFailed, .storageError, .reviewFailed:
            .internalServerError
        case .invalidRequest, .missingParameter, .invalidParameter, .invalidPagination, .refreshTokenRequired,
            .mobileRequired, .invalidMobile, .invalidVerificationCode, .insufficientPoints, .adminCredentialsRequired,
            .maxDrawsExceeded, .invalidDrawCount, .prizeOutOfStock, .productOutOfStock, .productInactive, .exchangeCannotCancel,
            .exchangeStatusInvalid, .noImageFile, .invalidFileType, .fileTooLarge, .imageAlreadyReviewed, .invalidAmount,
            .amountTooLarge, .actualAmountRequired, .alreadyMerchant, .merchantApplicationPending:
            .badRequest
        case .payloadTooLarge: .contentTooLarge
        case .methodNotAllowed: .methodNotAllowed
        case .smsUnavailable: .serviceUnavailable
        case .notFound, .userNotFound, .noActiveCampaign, .campaignNotFound, .prizeNotFound, .productNotFound, .exchangeNotFound,
            .imageNotFound, .merchantApplicationNotFound:
            .notFound
        case .unauthorized, .tokenMissing, .tokenInvalid, .tokenExpired, .invalidRefreshToken,
            .invalidRefreshTokenFormat, .refreshTokenExpired, .invalidAdminCredentials:
            .unauthorized
        case .userInactive, .permissionDenied, .adminOnly, .selfOnly: .forbidden
        case .rateLimitExceeded: .tooManyRequests
        }
    }

    public var defaultMessage: String {
        switch self {
        case .internalServerError: "服务器内部错误"
        case .invalidRequest: "无效的请求"
        case .missingParameter: "缺少必需参数"
        case .invalidParameter: "参数格式错误"
        case .invalidPagination: "分页参数错误"
        case .databaseError: "数据库错误"
        case .notFound: "接口不存在"
        case .methodNotAllowed: "请求方法不被允许"
        case .smsUnavailable: "短信服务暂不可用，请稍后重试"
        case .payloadTooLarge: "请求体过大"
        case .unauthorized: "未授权访问"
        case .tokenMissing: "Token缺失"
        case .tokenInvalid: "Token无效"
        case .tokenExpired: "Token已过期"
        case .refreshTokenRequired: "刷新Token不能为空"
        case .invalidRefreshToken: "刷新Token无效"
        case .invalidRefreshTokenFormat: "刷新Token格式错误"
        case .refreshTokenExpired: "刷新Token已过期"
        case .mobileRequired: "手机号不能为空"
        case .invalidMobile: "手机号格式错误"
        case .invalidVerificationCode: "验证码错误"
        case .userNotFound: "用户不存在"
        case .userInactive: "用户账户已被禁用"
        case .loginFailed: "登录失败"
        case .adminCredentialsRequired: "管理员登录信息不完整"
        case .invalidAdminCredentials: "管理员账号或密码错误"
        case .permissionDenied: "权限不足"
        case .adminOnly: "仅管理员可访问"
        case .selfOnly: "只能访问自己的数据"
        case .insufficientPoints: "积分不足"
        case .rateLimitExceeded: "请求频率过高"
        case .noActiveCampaign: "当前没有可用的抽奖活动"
        case .campaignNotFound: "活动不存在或已结束"
        case .maxDrawsExceeded: "超过每日最大抽奖次数"
        case .invalidDrawCount: "抽奖次数无效（1-10）"
        case .drawError: "抽奖执行失败"
        case .prizeNotFound: "奖品不存在"
        case .prizeOutOfStock: "奖品库存不足"
        case .productNotFound: "商品不存在"
        case .productOutOfStock: "商品库存不足"
        case .productInactive: "商品已下架"
        case .exchangeFailed: "兑换失败"
        case .exchangeNotFound: "兑换记录不存在"
        case .exchangeCannotCancel: "兑换记录不可取消"
        case .exchangeStatusInvalid: "订单状态不可变更"
        case .noImageFile: "未上传图片文件"
        case .invalidFileType: "不支持的文件类型"
        case .fileTooLarge: "文件大小超过限制（最大5MB）"
        case .storageError: "图片存储失败"
        case .imageNotFound: "图片不存在"
        case .imageAlreadyReviewed: "图片已审核，不可重复审核"
        case .reviewFailed: "图片审核操作失败"
        case .invalidAmount: "消费金额无效（0.01-10000.00元）"
        case .amountTooLarge: "消费金额不能超过10000元"
        case .actualAmountRequired: "审核通过时必须确认实际消费金额"
        case .alreadyMerchant: "已经具备商家权限"
        case .merchantApplicationPending: "商家申请审核中"
        case .merchantApplicationNotFound: "商家申请不存在"
        }
    }
}
