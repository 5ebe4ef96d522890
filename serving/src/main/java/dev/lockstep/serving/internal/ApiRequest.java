package dev.lockstep.serving.internal;

/**
 * What an endpoint gets of a request: the path parameter (null for fixed paths, e.g. the model of
 * {@code /v1/predict/{model}}), the body, who called, and the request's id ({@link RequestIds}).
 */
public record ApiRequest(String parameter, byte[] body, ApiCaller caller, String id) {
}
