import { Controller, Header } from '@nestjs/common';
import { ROUTES } from '@learnweek/contracts';
import { Endpoint } from '../http/endpoint.decorator.js';
import { buildOpenApiDocument } from './openapi.js';

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>learnweek API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

/** The browsable document (Swagger UI). */
@Controller()
export class OpenApiController {
  @Endpoint(ROUTES.system.docs)
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  /** Kept out of the page so that a strict Content-Security-Policy needs no inline script. */
  @Endpoint(ROUTES.system.docsScript)
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init(): string {
    return "window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui', persistAuthorization: true });";
  }
}

@Controller()
export class OpenApiJsonController {
  private readonly document = buildOpenApiDocument('0.1.0');

  @Endpoint(ROUTES.system.openApi)
  json() {
    return this.document;
  }
}
