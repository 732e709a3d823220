//! Helpers: starting a mock with a client that trusts it, and the login flow.

use illumio_pce::types::{LoginUsersAuthenticatePostResponse, UsersLoginGet};
use illumio_pce_mock::{MockConfig, MockPce};
use reqwest::{Certificate, Client, RequestBuilder, Response, StatusCode};
use serde_json::Value;

/// The default user's email and password.
pub const EMAIL: &str = "admin@example.com";
pub const PASSWORD: &str = "password";

/// A client that trusts only `ca_pem` (if any) and follows no redirects.
pub fn client_for(ca_pem: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = ca_pem {
        builder = builder.tls_certs_only([Certificate::from_pem(pem.as_bytes()).unwrap()]);
    }
    builder.build().unwrap()
}

/// A running mock and a client for it.
pub struct Harness {
    pub pce: MockPce,
    pub client: Client,
}

impl Harness {
    /// Starts a mock with `config`.
    pub async fn start(config: MockConfig) -> Self {
        let pce = MockPce::start(config).await.unwrap();
        let client = client_for(pce.ca_pem());
        Self { pce, client }
    }

    /// Starts a mock with the default configuration.
    pub async fn default() -> Self {
        Self::start(MockConfig::default()).await
    }

    /// `URL/api/v2<path>` on the PCE listener.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v2{path}", self.pce.url())
    }

    /// A request on the PCE listener.
    pub fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.api(path))
    }

    /// `POST /login_users/authenticate` on `base` with email and password.
    pub async fn authenticate_at(&self, base: &str, email: &str, password: &str) -> Response {
        self.client
            .post(format!(
                "{base}/api/v2/login_users/authenticate?pce_fqdn={}",
                self.pce.fqdn()
            ))
            .basic_auth(email, Some(password))
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap()
    }

    /// A fresh auth token for the default user.
    pub async fn auth_token(&self) -> String {
        self.auth_token_of(EMAIL, PASSWORD).await
    }

    /// A fresh auth token for a user.
    pub async fn auth_token_of(&self, email: &str, password: &str) -> String {
        let response = self.authenticate_at(&self.pce.url(), email, password).await;
        assert_eq!(response.status(), StatusCode::OK);
        response
            .json::<LoginUsersAuthenticatePostResponse>()
            .await
            .unwrap()
            .auth_token
            .expect("the mock's answer has an auth token")
    }

    /// `GET /users/login` with an auth token.
    pub async fn users_login(&self, auth_token: &str) -> Response {
        self.request(reqwest::Method::GET, "/users/login")
            .header("Authorization", format!("Token token={auth_token}"))
            .send()
            .await
            .unwrap()
    }

    /// The whole login flow for the default user.
    pub async fn login(&self) -> UsersLoginGet {
        self.login_as(EMAIL, PASSWORD).await
    }

    /// The whole login flow for a user.
    pub async fn login_as(&self, email: &str, password: &str) -> UsersLoginGet {
        let token = self.auth_token_of(email, password).await;
        let response = self.users_login(&token).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// A call with HTTP Basic credentials.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        (username, password): (&str, &str),
        body: Option<&str>,
    ) -> Response {
        let mut request = self
            .request(method, path)
            .basic_auth(username, Some(password));
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_owned());
        }
        request.send().await.unwrap()
    }

    /// `GET /orgs/1/optional_features` with HTTP Basic credentials: its status.
    pub async fn probe(&self, credentials: (&str, &str)) -> StatusCode {
        self.call(
            reqwest::Method::GET,
            "/orgs/1/optional_features",
            credentials,
            None,
        )
        .await
        .status()
    }
}

/// A login's HTTP Basic credentials.
pub fn session(login: &UsersLoginGet) -> (&str, &str) {
    (
        login.auth_username.as_deref().unwrap_or_default(),
        login.session_token.as_deref().unwrap_or_default(),
    )
}

/// The error token of a PCE error body, after checking its shape.
pub async fn error_token(response: Response) -> String {
    let body: Value = response.json().await.unwrap();
    let errors = body.as_array().expect("error bodies are arrays");
    assert_eq!(errors.len(), 1, "{body}");
    assert!(errors[0]["message"].is_string(), "{body}");
    errors[0]["token"].as_str().unwrap().to_owned()
}
