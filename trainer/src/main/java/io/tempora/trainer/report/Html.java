package io.tempora.trainer.report;

/** Escaping for text placed in the report's HTML, so that a file or type name is shown as written, never run. */
final class Html {

    private Html() {}

    /** {@code text} with the five characters that HTML gives meaning to ({@code & < > " '}) as references. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * JSON text made safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} (which occur in JSON
     * only inside strings) as {@code \}{@code u} escapes, so no {@code </script>} or comment opener can close the
     * element early; the JSON value is the same.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
