internal import Hummingbird
internal import NIOCore

/// The request context of a node's routes: Hummingbird's basics plus the client's address, which the chat's
/// per-address limit needs.
struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
