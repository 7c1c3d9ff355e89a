/// What build of Fanmesh this is; shown by `fanmesh --version`, `/metrics` and `/readyz`.
package enum BuildInfo {
    package static let version = "0.1.0"
}
