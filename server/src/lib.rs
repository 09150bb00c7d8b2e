//! The Vis mon job server: configuration, HTTP routes and the command line.

#![recursion_limit = "256"]

pub mod config;
pub mod routes;

pub use config::Config;
pub use routes::build_router;

/// The listener with Nagle's algorithm off on every connection. Responses whose head and
/// body leave in separate writes (files, streamed pages) would otherwise wait for the
/// client's delayed acknowledgement, about 40 ms each.
pub fn without_nagle(
    listener: tokio::net::TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "TCP_NODELAY");
        }
    })
}
