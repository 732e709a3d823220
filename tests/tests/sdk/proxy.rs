//! The proxy setting: requests to the PCE go through an HTTP proxy by `CONNECT`, and TLS
//! still ends at the PCE (the proxy sees only the tunnel).

use std::sync::{Arc, Mutex};

use tokio::io::{copy_bidirectional, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::{api_key_builder, config, start};

/// A minimal `CONNECT` proxy on loopback that records the targets it tunnels to.
async fn connect_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let targets = Arc::new(Mutex::new(Vec::new()));
    let seen = targets.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut client = BufReader::new(client);
                let mut request_line = String::new();
                if client.read_line(&mut request_line).await.is_err() {
                    return;
                }
                let mut header = String::new();
                while client.read_line(&mut header).await.is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let target = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                seen.lock()
                    .expect("not poisoned")
                    .push(request_line.trim().to_owned());
                let Ok(mut upstream) = TcpStream::connect(&target).await else {
                    return;
                };
                let mut client = client.into_inner();
                if client
                    .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                    .await
                    .is_ok()
                {
                    let _ = copy_bidirectional(&mut client, &mut upstream).await;
                }
            });
        }
    });
    (url, targets)
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy() {
    let mock = start(config()).await;
    let (proxy, targets) = connect_proxy().await;
    let client = api_key_builder(&mock).proxy(proxy).build().expect("builds");
    client
        .optional_features_get()
        .await
        .expect("lists the features through the proxy");
    let authority = mock.url().trim_start_matches("https://").to_owned();
    let seen = targets.lock().expect("not poisoned").clone();
    assert_eq!(seen, [format!("CONNECT {authority} HTTP/1.1")]);
}
