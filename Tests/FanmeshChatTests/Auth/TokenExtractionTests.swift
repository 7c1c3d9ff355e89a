import FanmeshChat
import Testing

@Suite("Finding the token in an upgrade request")
struct TokenExtractionTests {
    static let cases: [(authorization: String?, query: String?, token: String?)] = [
        ("Bearer abc.def.ghi", nil, "abc.def.ghi"),
        ("bearer abc", nil, "abc"),
        ("BEARER abc", nil, "abc"),
        ("BeArEr abc", nil, "abc"),
        ("  Bearer   abc  ", nil, "abc"),
        ("Bearer\tabc", nil, "abc"),
        ("Basic dXNlcjpwYXNz", nil, nil),
        ("Bearer", nil, nil),
        ("Bearer ", nil, nil),
        ("Bearerabc", nil, nil),
        ("", nil, nil),
        (nil, "token=abc", "abc"),
        (nil, "?token=abc", "abc"),
        (nil, "room=show&token=abc&x=1", "abc"),
        (nil, "token=a%2Eb%2Ec", "a.b.c"),
        (nil, "to%6Ben=abc", "abc"),
        (nil, "token=a+b", "a+b"),
        (nil, "token=&token=second", "second"),
        (nil, "token=first&token=second", "first"),
        (nil, "token=a=b", "a=b"),
        (nil, "token=%ZZ", "%ZZ"),
        (nil, "token=%E2%82", "%E2%82"),
        (nil, "tokens=abc", nil),
        (nil, "xtoken=abc", nil),
        (nil, "token", nil),
        (nil, "token=", nil),
        (nil, "", nil),
        (nil, "&&&", nil),
        ("Bearer header", "token=query", "header"),
        ("Basic dXNlcjpwYXNz", "token=query", "query"),
        ("Bearer ", "token=query", "query"),
        (nil, nil, nil),
    ]

    @Test("The token comes from a Bearer header, else from the query's token parameter", arguments: cases)
    func extracts(authorization: String?, query: String?, token: String?) {
        #expect(ChatAuthenticator.token(authorization: authorization, query: query) == token)
    }
}
