//! The running mock: its listeners, accept loops and connections, and the [`MockPce`]
//! handle tests hold.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

use super::bundle;
use super::config::MockConfig;
use super::faults::Fault;
use super::record::RecordedRequest;
use super::service;
use super::state::{Counters, Shared};
use super::tls;

/// How long a client may take over the TLS handshake (choice).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A running mock PCE. Dropping it, or [`MockPce::shutdown`], stops it.
pub struct MockPce {
    shared: Arc<Shared>,
    login_service_url: Option<String>,
    ca_pem: Option<String>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for MockPce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockPce")
            .field("url", &self.shared.url)
            .field("login_service_url", &self.login_service_url)
            .finish_non_exhaustive()
    }
}

/// The base URL of a listener. An unspecified address (`0.0.0.0`, `::`) is advertised as
/// loopback, which it includes and the certificate covers.
fn base_url(scheme: &str, listener: &TcpListener) -> io::Result<String> {
    let mut addr = listener.local_addr()?;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    Ok(format!("{scheme}://{addr}"))
}

impl MockPce {
    /// Generates the TLS material (unless `config.tls` is false), binds the listener(s) and
    /// starts serving. Must be called within a Tokio runtime.
    pub async fn start(config: MockConfig) -> io::Result<MockPce> {
        let tls = if config.tls {
            Some(tls::generate(&config.fqdn, config.http2)?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let pce = TcpListener::bind(config.listen).await?;
        let login = if config.separate_login_service {
            // The login service gets its own port on the same address (choice).
            Some(TcpListener::bind(SocketAddr::new(config.listen.ip(), 0)).await?)
        } else {
            None
        };
        let shared = Arc::new(Shared::new(&config, base_url(scheme, &pce)?)?);
        let login_service_url = login
            .as_ref()
            .map(|listener| base_url(scheme, listener))
            .transpose()?;
        let acceptor = tls.as_ref().map(|tls| tls.acceptor.clone());
        let mut tasks = vec![tokio::spawn(accept_loop(
            pce,
            acceptor.clone(),
            Arc::clone(&shared),
            false,
        ))];
        if let Some(login) = login {
            tasks.push(tokio::spawn(accept_loop(
                login,
                acceptor,
                Arc::clone(&shared),
                true,
            )));
        }
        Ok(MockPce {
            shared,
            login_service_url,
            ca_pem: tls.map(|tls| tls.ca_pem),
            tasks,
        })
    }

    /// The PCE's base URL, e.g. `https://127.0.0.1:40123` (no trailing slash).
    pub fn url(&self) -> String {
        self.shared.url.clone()
    }

    /// The login service's base URL, when `separate_login_service` is set.
    pub fn login_service_url(&self) -> Option<String> {
        self.login_service_url.clone()
    }

    /// The PCE's FQDN, the one `pce_fqdn` must name.
    pub fn fqdn(&self) -> &str {
        &self.shared.fqdn
    }

    /// The PEM of the CA that signed the server certificate (none for plain HTTP).
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Moves the mock's clock forward: auth-token and session expiry and the rate-limit
    /// window follow it, so tests need not sleep.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// Serves `fault` to the next `times` requests (after faults already queued), on either
    /// listener.
    pub fn inject(&self, fault: Fault, times: usize) {
        self.shared.faults.push(fault, times);
    }

    /// Successful `GET /users/login` so far.
    pub fn logins(&self) -> usize {
        Counters::read(&self.shared.counters.logins)
    }

    /// Successful `POST /login_users/authenticate` so far, on either listener.
    pub fn authentications(&self) -> usize {
        Counters::read(&self.shared.counters.authentications)
    }

    /// TCP connections accepted so far, on either listener.
    pub fn connections(&self) -> usize {
        Counters::read(&self.shared.counters.connections)
    }

    /// Every secret the mock handed out so far (auth tokens, session tokens, the secrets of
    /// created API keys), for tests that check none of them shows anywhere.
    pub fn issued_secrets(&self) -> Vec<String> {
        self.shared.issued_secrets()
    }

    /// The requests received so far, oldest first, faulted ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.recorder.all()
    }

    /// The optional features' current `(name, enabled)`, in schema order.
    pub fn features(&self) -> Vec<(String, bool)> {
        self.shared.store().features.clone()
    }

    /// Stores `object` at `href` (below `/api/v2`, e.g. `/orgs/1/labels/7`), as if it had been
    /// created there: for the bundle's instances that no operation creates (VENs, jobs, …).
    pub fn insert(&self, href: &str, object: serde_json::Value) {
        self.shared.store().objects.insert(href.to_owned(), object);
    }

    /// The object stored at `href`, if any.
    pub fn object(&self, href: &str) -> Option<serde_json::Value> {
        self.shared.store().objects.get(href).cloned()
    }

    /// The smallest valid instance of the bundle's schema `file` (`v2/labels_post.schema.json`),
    /// as the mock makes its answers: for tests that need a valid body of any operation.
    /// `Err` says why there is none (no bundle loaded, no such file, or a schema the mock
    /// cannot satisfy).
    pub fn example(&self, file: &str) -> Result<serde_json::Value, String> {
        let bundle = self
            .shared
            .bundle
            .as_ref()
            .ok_or("the mock serves no bundle")?;
        if !bundle.schemas.has(file) {
            return Err(format!("the bundle has no {file}"));
        }
        bundle::render(
            &bundle.schemas,
            &bundle::Place::file(file),
            &serde_json::Value::Null,
        )
    }

    /// Fills the collection at `collection` (e.g. `/orgs/1/labels`) with `count` objects
    /// `<collection>/1` … `<collection>/<count>`: each the smallest valid item of the
    /// collection's schema, its `name`, `value` and `hostname` strings numbered. For tests and
    /// benchmarks of large collections. `Err` when no bundle collection is at that path.
    pub fn fill(&self, collection: &str, count: u64) -> Result<(), String> {
        self.fill_like(collection, count, &serde_json::Value::Null)
    }

    /// [`MockPce::fill`] with objects made from `template` (each of its properties that the
    /// item schema accepts), e.g. a realistic workload for a benchmark.
    pub fn fill_like(
        &self,
        collection: &str,
        count: u64,
        template: &serde_json::Value,
    ) -> Result<(), String> {
        let bundle = self
            .shared
            .bundle
            .as_ref()
            .ok_or("the mock serves no bundle")?;
        let Some(bundle::Found::Operation(operation, _)) =
            bundle.find(&hyper::Method::GET, collection)
        else {
            return Err(format!("the bundle has no GET {collection}"));
        };
        let place = bundle
            .item_place(&operation.template)
            .ok_or_else(|| format!("{collection} has no item schema"))?;
        let serde_json::Value::Object(item) = bundle::render(&bundle.schemas, &place, template)?
        else {
            return Err(format!("the items of {collection} are not objects"));
        };
        let mut store = self.shared.store();
        for number in 1..=count {
            let mut fields = item.clone();
            for name in ["name", "value", "hostname"] {
                if let Some(serde_json::Value::String(text)) = fields.get_mut(name) {
                    text.push_str(&format!("-{number}"));
                }
            }
            let href = format!("{collection}/{number}");
            fields.insert("href".to_owned(), serde_json::Value::String(href.clone()));
            store
                .objects
                .insert(href, serde_json::Value::Object(fields));
        }
        // Objects created later get ids after these.
        store.last_object_id = store.last_object_id.max(count);
        Ok(())
    }

    /// Stops serving: closes the listeners and every open connection.
    pub async fn shutdown(mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
            // The task was aborted, so it can only end cancelled: nothing to report.
            let _ = task.await;
        }
    }
}

impl Drop for MockPce {
    fn drop(&mut self) {
        // Aborting an accept loop drops its listener and its JoinSet, which aborts the
        // connections.
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Accepts connections until aborted, serving each in its own task.
async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    login_service: bool,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    Counters::bump(&shared.counters.connections);
                    connections.spawn(serve_connection(
                        stream,
                        peer.ip(),
                        tls.clone(),
                        Arc::clone(&shared),
                        login_service,
                    ));
                }
                // A failed accept concerns one connection (e.g. reset before accepted) or is
                // transient (e.g. out of file descriptors): pause briefly and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Serves one connection: TLS handshake if any, then HTTP/1.1 with keep-alive.
async fn serve_connection(
    stream: TcpStream,
    peer: IpAddr,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    login_service: bool,
) {
    match tls {
        Some(acceptor) => {
            // A client that fails or stalls the handshake (e.g. it does not trust the CA)
            // just loses its connection.
            if let Ok(Ok(stream)) =
                tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
            {
                serve_http(TokioIo::new(stream), peer, shared, login_service).await;
            }
        }
        None => serve_http(TokioIo::new(stream), peer, shared, login_service).await,
    }
}

/// Serves HTTP/1.1 (with keep-alive) or HTTP/2 requests on a connection until either side
/// closes it; HTTP/1.1 only when the mock does not offer HTTP/2.
async fn serve_http<I>(io: I, peer: IpAddr, shared: Arc<Shared>, login_service: bool)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let http2 = shared.http2;
    // A DropConnection fault closes the whole connection, an HTTP/2 one too (where failing
    // the request alone would only reset its stream).
    let close = Arc::new(Notify::new());
    let closer = Arc::clone(&close);
    let service = service_fn(move |request| {
        service::handle(
            Arc::clone(&shared),
            login_service,
            peer,
            request,
            Arc::clone(&closer),
        )
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).keep_alive(true);
    if !http2 {
        builder = builder.http1_only();
    }
    // The connection's end is no error of the server's: the client closed it, broke the
    // protocol, or a DropConnection fault closed it on purpose (dropping it closes the socket).
    tokio::select! {
        _ = builder.serve_connection(io, service) => {}
        () = close.notified() => {}
    }
}
