//! Name resolution for webhook targets, in one place. The SSRF check asks it once per
//! delivery, and the HTTP client is pinned to the checked answer; the client is also
//! given this resolver, so even a lookup the pin failed to prevent would go through it.
//! Tests stand in a resolver of their own (a rebinding DNS server, say) through the
//! `webhook_resolver` setting; servers use the system's.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

/// A lookup in progress.
pub type Lookup = Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send>>;

/// Answers names with addresses (a stand-in for DNS).
pub trait Resolve: Send + Sync {
    /// The addresses of `host`, with `port` set on each.
    fn lookup(&self, host: &str, port: u16) -> Lookup;
}

/// The resolver webhooks use: the system's, or one a test put in.
#[derive(Clone, Default)]
pub struct Resolver(Option<Arc<dyn Resolve>>);

impl fmt::Debug for Resolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Resolver(custom)" } else { "Resolver(system)" })
    }
}

impl Resolver {
    /// A resolver of one's own in place of the system's.
    pub fn custom(resolve: impl Resolve + 'static) -> Self {
        Resolver(Some(Arc::new(resolve)))
    }

    /// The addresses of `host` at `port`.
    pub async fn lookup(&self, host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
        match &self.0 {
            Some(custom) => custom.lookup(host, port).await,
            None => Ok(tokio::net::lookup_host((host, port)).await?.collect()),
        }
    }
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let (resolver, host) = (self.clone(), name.as_str().to_owned());
        Box::pin(async move {
            let addrs = resolver.lookup(&host, 0).await?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}
