package io.tempora.streams.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, content type, body and extra headers. Errors carry a JSON object
 * {@code {"status":..., "error":"<why>"}} so that a client (or an operator with curl) sees what was wrong.
 */
record Answer(int status, String contentType, String body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    static Answer json(int status, Object value) {
        return new Answer(status, JSON, Json.write(value), Map.of());
    }

    static Answer error(int status, String why) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", why);
        return json(status, body);
    }

    /** This answer with {@code name: value} added to its headers. */
    Answer withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Answer(status, contentType, body, Map.copyOf(h));
    }

    /** This answer with {@code fields} added to its JSON object body. */
    Answer withFields(Map<String, ?> fields) {
        return new Answer(status, contentType, Json.withFields(body, fields), headers);
    }
}
