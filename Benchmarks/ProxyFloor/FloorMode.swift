enum FloorMode: String {
    case staticAnswer = "static"
    case nioPass = "nio-pass"
    case nioTranslate = "nio-translate"
    case hbPass = "hb-pass"
    case hbTranslate = "hb-translate"
}
