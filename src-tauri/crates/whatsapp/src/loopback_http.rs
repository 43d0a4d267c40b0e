//! Test and demo builds only: media uploads to a fake WhatsApp on this computer go over plain
//! HTTP (whatsapp-rust always builds `https://` upload URLs).

use whatsapp_rust::async_trait;
use whatsapp_rust::http::{HttpClient, HttpRequest, HttpResponse, UreqHttpClient};

pub struct LoopbackHttp {
    inner: UreqHttpClient,
}

impl LoopbackHttp {
    pub fn new() -> Self {
        LoopbackHttp {
            inner: UreqHttpClient::new(),
        }
    }
}

/// Only loopback hosts are rewritten; anything else is refused, so a test build can never
/// send a byte off this machine through this client.
fn loopback_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(name, "127.0.0.1" | "localhost" | "[::1]").then(|| format!("http://{rest}"))
}

#[async_trait]
impl HttpClient for LoopbackHttp {
    async fn execute(
        &self,
        mut request: HttpRequest,
    ) -> whatsapp_rust::anyhow::Result<HttpResponse> {
        request.url = loopback_url(&request.url).ok_or_else(|| {
            whatsapp_rust::anyhow::anyhow!("test build: refusing non-loopback URL {}", request.url)
        })?;
        self.inner.execute(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::loopback_url;

    #[test]
    fn only_loopback_is_allowed() {
        assert_eq!(
            loopback_url("https://127.0.0.1:4000/mms/image/x?auth=1").as_deref(),
            Some("http://127.0.0.1:4000/mms/image/x?auth=1")
        );
        assert_eq!(
            loopback_url("https://localhost/x").as_deref(),
            Some("http://localhost/x")
        );
        assert_eq!(loopback_url("https://mmg.whatsapp.net/x"), None);
        assert_eq!(loopback_url("https://127.0.0.1.evil.com/x"), None);
    }
}
