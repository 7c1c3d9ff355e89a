internal import FanmeshChat
internal import ServiceLifecycle

/// Tells every room its member count at most once per `presenceInterval`, while the node runs.
struct PresenceService: Service {
    let hub: ChatHub

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: self.hub.configuration.presenceInterval)
            self.hub.announcePresence()
        }
    }
}
