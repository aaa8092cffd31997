//! Request bodies must keep arriving: a pause longer than the idle timeout, or a body
//! slower than the total timeout, ends the request with 408 and closes the connection,
//! so half-sent bodies cannot pile up and starve real requests.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{CONNECTION, CONTENT_TYPE};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{web, HttpMessage, HttpResponse};
use futures_util::Stream;
use hazard_openapi::problem::Problem;
use tokio::time::{sleep, Instant, Sleep};

use crate::state::AppState;

struct Timed {
    inner: Payload,
    idle: Duration,
    idle_timer: Pin<Box<Sleep>>,
    deadline: Pin<Box<Sleep>>,
    fired: Rc<Cell<bool>>,
}

impl Stream for Timed {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(item) => {
                let next = Instant::now() + self.idle;
                self.idle_timer.as_mut().reset(next);
                return Poll::Ready(item);
            }
            Poll::Pending => {}
        }
        if self.deadline.as_mut().poll(cx).is_ready() || self.idle_timer.as_mut().poll(cx).is_ready() {
            self.fired.set(true);
            let e = std::io::Error::new(std::io::ErrorKind::TimedOut, "the request body arrived too slowly");
            return Poll::Ready(Some(Err(PayloadError::Io(e))));
        }
        Poll::Pending
    }
}

fn timed_out() -> HttpResponse {
    let problem = Problem {
        kind: "https://hazard-api.example/problems/request-timeout".into(),
        title: "Request Timeout".into(),
        status: 408,
        detail: "the request body arrived too slowly; send it again".into(),
        code: "request_timeout".into(),
        errors: vec![],
    };
    HttpResponse::build(StatusCode::REQUEST_TIMEOUT)
        .insert_header((CONTENT_TYPE, "application/problem+json"))
        .insert_header((CONNECTION, "close"))
        .body(serde_json::to_string(&problem).unwrap_or_default())
}

/// The middleware: wraps the body stream in the two timers.
pub async fn middleware<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let Some((idle, total)) = req.app_data::<web::Data<AppState>>().map(|s| {
        let l = &s.settings.limits;
        (Duration::from_secs(l.body_idle_timeout_secs.max(1)), Duration::from_secs(l.body_timeout_secs.max(1)))
    }) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let fired = Rc::new(Cell::new(false));
    let timed = Timed {
        inner: req.take_payload(),
        idle,
        idle_timer: Box::pin(sleep(idle)),
        deadline: Box::pin(sleep(total)),
        fired: fired.clone(),
    };
    let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(timed);
    req.set_payload(Payload::from(stream));
    let res = next.call(req).await?;
    if fired.get() {
        let (http_req, _) = res.into_parts();
        return Ok(ServiceResponse::new(http_req, timed_out()).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}
