public import ArgumentParser
public import Logging

/// Lets `--log-level` take swift-log's level names.
extension Logger.Level: @retroactive ExpressibleByArgument {}
