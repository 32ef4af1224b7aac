// The API docs page: Swagger UI over /openapi.json, started from this file rather than an inline
// script, so that the Content-Security-Policy can forbid inline scripts everywhere.
"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json", dom_id: "#swagger-ui", layout: "BaseLayout", deepLinking: true,
  showExtensions: true, showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
