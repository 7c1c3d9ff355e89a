internal import ArgumentParser
internal import FanmeshWAN

/// Lets `fanmesh wan partition --mode` take `stall` or `reset`.
extension PartitionMode: ExpressibleByArgument {}
