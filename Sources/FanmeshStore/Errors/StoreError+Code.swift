extension StoreError {
    /// The kind of a ``StoreError``; an extensible set, so switch with a `default`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case mapFull, diskFull, readOnly, permissionDenied, notFound, notADirectory, keyExists, busy, corrupted
            case closed, invalidUse, other
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        package var description: String { self.base.rawValue }

        /// The map reached its size ceiling; the store refuses writes until it is raised or data is deleted.
        package static let mapFull = Code(.mapFull)
        /// The file system holding the data directory is full.
        package static let diskFull = Code(.diskFull)
        /// The data directory is on a read-only file system.
        package static let readOnly = Code(.readOnly)
        /// The process may not create or write the data directory or its files.
        package static let permissionDenied = Code(.permissionDenied)
        /// A path, or a key that had to exist, does not.
        package static let notFound = Code(.notFound)
        /// The data directory, or one of its parents, is a file.
        package static let notADirectory = Code(.notADirectory)
        /// A put that must not overwrite found the key.
        package static let keyExists = Code(.keyExists)
        /// The store is overloaded: the write queue or the reader table is full; retry later or raise the limit.
        package static let busy = Code(.busy)
        /// The data files are damaged or were written by an incompatible LMDB.
        package static let corrupted = Code(.corrupted)
        /// The environment was closed.
        package static let closed = Code(.closed)
        /// The caller used the store wrongly: bad configuration, a nested transaction, a table of another
        /// environment, a key of the wrong size.
        package static let invalidUse = Code(.invalidUse)
        /// Anything else.
        package static let other = Code(.other)
    }
}
