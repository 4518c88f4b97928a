import { z } from "zod";

/*
 * zod compiles object parsers with `new Function`, probing for it when a schema is created; the pane's CSP
 * forbids eval, so the probe is reported as a violation. Imported before anything that defines a schema
 * (the domain model), so every schema is built without the probe.
 */
z.config({ jitless: true });
