//! HTTP/1.1 for JSON-RPC: POST bodies with Content-Length, keep-alive, `GET /health`, CORS
//! preflight, and the injected faults (429 with Retry-After, 500, delays).
//!
//! A small server of its own rather than hyper's: hyper is in the tree without its server
//! feature, and turning that on would rebuild every Solana crate above it.

use crate::node::Node;
use crate::rpc::{self, RpcError};
use crate::server::faults::RequestFault;
use serde_json::Value;
use std::{io, sync::Arc, time::Duration};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request body accepted (a batch of transactions fits with room to spare).
const MAX_BODY: usize = 10 * 1024 * 1024;

pub async fn serve(listener: TcpListener, node: Arc<Node>) {
    loop {
        if let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection(stream, node.clone()));
        }
    }
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
    keep_alive: bool,
}

struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn json(status: u16, reason: &'static str, body: &Value) -> Response {
        Response {
            status,
            reason,
            headers: vec![("Content-Type", "application/json".to_string())],
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }
    fn text(status: u16, reason: &'static str, body: &str) -> Response {
        Response {
            status,
            reason,
            headers: vec![("Content-Type", "text/plain".to_string())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// Reads one request; `None` when the client closed the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<Option<Request>> {
    let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buffer).map_err(|e| bad(&e.to_string()))? {
            httparse::Status::Complete(head) => {
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .and_then(|h| std::str::from_utf8(h.value).ok())
                        .map(str::to_string)
                };
                let length: usize = header("content-length")
                    .map(|v| v.trim().parse().map_err(|_| bad("bad content-length")))
                    .transpose()?
                    .unwrap_or(0);
                if length > MAX_BODY {
                    return Err(bad("body too large"));
                }
                let keep_alive = match header("connection") {
                    Some(v) if v.eq_ignore_ascii_case("close") => false,
                    Some(v) if v.eq_ignore_ascii_case("keep-alive") => true,
                    _ => parsed.version == Some(1),
                };
                let method = parsed.method.unwrap_or_default().to_string();
                let path = parsed.path.unwrap_or("/").to_string();
                while buffer.len() < head + length {
                    if !read_more(stream, buffer).await? {
                        return Ok(None);
                    }
                }
                let body = buffer[head..head + length].to_vec();
                buffer.drain(..head + length);
                return Ok(Some(Request {
                    method,
                    path,
                    body,
                    keep_alive,
                }));
            }
            httparse::Status::Partial => {
                if !read_more(stream, buffer).await? {
                    return Ok(None);
                }
            }
        }
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

async fn connection(mut stream: TcpStream, node: Arc<Node>) {
    let mut buffer = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buffer).await {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(_) => {
                let _ = write(
                    &mut stream,
                    Response::text(400, "Bad Request", "bad request"),
                    false,
                )
                .await;
                return;
            }
        };
        let keep_alive = request.keep_alive;
        let response = respond(&node, request).await;
        if write(&mut stream, response, keep_alive).await.is_err() || !keep_alive {
            return;
        }
    }
}

async fn write(stream: &mut TcpStream, response: Response, keep_alive: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, response.reason);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Access-Control-Allow-Origin: *\r\n");
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&response.body);
    stream.write_all(&bytes).await
}

/// True when every request in the body calls a test-only method (faults never apply).
fn only_test_methods(body: &[u8]) -> bool {
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let is_test =
        |request: &Value| rpc::method_of(request).is_some_and(|m| m.starts_with("localnet_"));
    match &parsed {
        Value::Array(requests) => !requests.is_empty() && requests.iter().all(is_test),
        request => is_test(request),
    }
}

fn request_id(body: &[u8]) -> Value {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .unwrap_or(Value::Null)
}

async fn respond(node: &Arc<Node>, request: Request) -> Response {
    match (request.method.as_str(), request.path.as_str()) {
        ("OPTIONS", _) => Response {
            status: 204,
            reason: "No Content",
            headers: vec![
                (
                    "Access-Control-Allow-Methods",
                    "POST, GET, OPTIONS".to_string(),
                ),
                (
                    "Access-Control-Allow-Headers",
                    "Content-Type, solana-client".to_string(),
                ),
            ],
            body: vec![],
        },
        ("GET", "/health") => Response::text(200, "OK", "ok"),
        ("POST", _) => rpc_response(node, request.body).await,
        _ => Response::text(
            405,
            "Method Not Allowed",
            "Used HTTP Method is not allowed. POST or OPTIONS is required",
        ),
    }
}

async fn rpc_response(node: &Arc<Node>, body: Vec<u8>) -> Response {
    if !only_test_methods(&body) {
        let (fault, delay_ms) = {
            let mut faults = node.faults();
            (faults.take_request_fault(), faults.delay_ms)
        };
        if delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        }
        match fault {
            RequestFault::RateLimit => {
                let error = RpcError::new(429, "Too many requests for a specific RPC call");
                let mut response = Response::json(
                    429,
                    "Too Many Requests",
                    &rpc::error_response(request_id(&body), &error),
                );
                response.headers.push(("Retry-After", "1".to_string()));
                return response;
            }
            RequestFault::Fail => {
                let error = RpcError::internal("Internal error");
                return Response::json(
                    500,
                    "Internal Server Error",
                    &rpc::error_response(request_id(&body), &error),
                );
            }
            RequestFault::None => {}
        }
    }
    let node = node.clone();
    let answer = tokio::task::spawn_blocking(move || rpc::handle_body(&node, &body)).await;
    match answer {
        Ok(Some(value)) => Response::json(200, "OK", &value),
        Ok(None) => Response::text(200, "OK", ""),
        Err(_) => {
            let error = RpcError::internal("Internal error: the request handler panicked");
            Response::json(
                500,
                "Internal Server Error",
                &rpc::error_response(Value::Null, &error),
            )
        }
    }
}
