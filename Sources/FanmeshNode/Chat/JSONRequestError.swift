internal import FanmeshChat
internal import Hummingbird
internal import NIOCore

/// A request the node refuses, answered as `{"error": CODE, "message": TEXT}` with its status.
struct JSONRequestError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("error", self.code)
        writer.field("message", self.message)
        writer.endObject()
        return Response(
            status: self.status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: writer.buffer)
        )
    }
}
