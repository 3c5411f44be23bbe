import Hummingbird

/// `GET /api/openapi.yaml`: the API described in OpenAPI 3.1, written by hand beside the routes
/// (`OpenAPITests` checks every route of the router against it, and every route in it against
/// the router). Served without a login, as logging in is.
struct OpenAPIController {
    static let path = "/api/openapi.yaml"

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            JSONBody.text(Self.document, contentType: "application/yaml; charset=utf-8")
        }
    }

    /// The answers of every typed route (the same for each: what the CLI prints, or why not).
    static let recordedResponses = #"""
        "201":
          description: Recorded, as the CLI prints it.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Recorded"}
        "200":
          description: A retry (same `?id=`, same content) of an event already recorded; nothing new written.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Recorded"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "422": {$ref: "#/components/responses/Refused"}
        "503": {$ref: "#/components/responses/Busy"}
"""#

    static let document = #"""
openapi: 3.1.0
info:
  title: DocLedger
  version: "1"
  summary: The office's ledger of documents, directives and the work programme, over HTTP.
  description: |
    `docledger serve` serves one ledger: every event appended through it is recorded under the
    user who logged in. Every route but `POST /api/session` and this document needs a login:
    `Authorization: Bearer TOKEN` or the `docledger_session` cookie. Every error is
    `{"error": "...", "problems": [{"line", "field", "reason"}]}` (`problems` when there are
    any, `line` only for `/api/events`); every response carries `X-Request-Id`. Never a 500 for
    bad input: a 500 is a bug, its body says only "internal error" and the request id that is
    in the server's log.
security:
  - bearer: []
  - cookie: []
tags:
  - name: session
  - name: events
  - name: documents
  - name: directives
  - name: programme
  - name: incoming
  - name: reads
  - name: chain
paths:
  /api/session:
    post:
      tags: [session]
      summary: Log in
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [user, password]
              properties:
                user: {type: string, example: vanthu.nguyen}
                password: {type: string, format: password}
      responses:
        "200":
          description: Logged in; the same token is set as the session cookie (HttpOnly, SameSite=Strict).
          headers:
            Set-Cookie:
              schema: {type: string, example: "docledger_session=TOKEN; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Login"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401":
          description: Wrong user name or password (one sentence for both), or a disabled account.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429":
          description: 5 failed logins within a minute for this user or from this address; the password is not checked.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        "431": {$ref: "#/components/responses/HeadersTooLarge"}
    delete:
      tags: [session]
      summary: Log out (ends the session of the token or cookie sent)
      responses:
        "204":
          description: Logged out; the cookie is cleared.
        "401": {$ref: "#/components/responses/Unauthorized"}
  /api/accounts:
    get:
      tags: [session]
      summary: Every account, its roles, open or disabled (role admin; never a credential)
      responses:
        "200":
          description: The accounts, by user name.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Account"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
    post:
      tags: [session]
      summary: Open an account (role admin); recorded as AccountCreated under the admin's login, the password's bcrypt hash kept beside the chain
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [user, name, roles, password]
              properties:
                user: {type: string, description: "1 to 64 lowercase letters, digits, '.', '_' or '-'"}
                name: {type: string}
                roles: {type: array, items: {type: string, enum: [clerk, officer, leader, inspector, admin]}}
                password: {type: string, description: 8 to 72 bytes}
      responses:
        "201":
          description: Opened.
          content:
            application/json:
              schema: {type: object, properties: {seq: {type: integer}, user: {type: string}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "422": {$ref: "#/components/responses/Refused"}
  /api/accounts/{user}/{action}:
    post:
      tags: [session]
      summary: "grant or revoke a role ({\"role\"}), disable ({\"reason\"?}) or set a new password ({\"password\"}) (role admin)"
      description: |
        grant, revoke and disable are events (RoleGranted, RoleRevoked, AccountDisabled) under the
        admin's login and count from the account's next request; a new password is not an event
        and ends the account's sessions.
      parameters:
        - {name: user, in: path, required: true, schema: {type: string}}
        - {name: action, in: path, required: true, schema: {type: string, enum: [grant, revoke, disable, password]}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                role: {type: string}
                reason: {type: string}
                password: {type: string}
      responses:
        "200":
          description: The password was changed.
          content:
            application/json:
              schema: {type: object, properties: {user: {type: string}}}
        "201":
          description: The change was recorded.
          content:
            application/json:
              schema: {type: object, properties: {seq: {type: integer}, user: {type: string}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "422": {$ref: "#/components/responses/Refused"}
  /api/events:
    post:
      tags: [events]
      summary: Append events (JSON Lines, the contract of `docledger append`), the whole body one transaction
      description: |
        Each event's type needs a role: clerk for documents; officer for directive progress and
        programme register, reschedule, submit; leader for directive issue, extend, complete,
        cancel and programme approve, withdraw; admin for accounts. One event the caller may not
        record refuses the whole body (403 naming the type and the role); `SeriesConfigured`
        cannot be recorded through the server. A line naming an `actor` other than the login is
        refused (422, `actor: set by the server from your login`).
      requestBody:
        required: true
        content:
          application/x-ndjson:
            schema: {type: string, description: "One event envelope per line: {\"id\"?, \"type\", \"data\", \"stream\"?, \"expected_version\"?, \"recorded_at\"?, \"actor\"?}"}
          application/jsonl:
            schema: {type: string}
          application/json-lines:
            schema: {type: string}
          application/json:
            schema: {type: string}
      responses:
        "200":
          description: Every line recorded or recognised as a duplicate.
          content:
            application/json:
              schema:
                type: object
                required: [appended, duplicates]
                properties:
                  appended: {type: integer}
                  duplicates: {type: integer}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "422": {$ref: "#/components/responses/Refused"}
        "503": {$ref: "#/components/responses/Busy"}
  /api/documents/received:
    post:
      tags: [documents]
      summary: Register an incoming document (role clerk); the arrival number left out is the next one
      parameters: [{$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DocumentReceived"}
      responses:
\#(recordedResponses)
  /api/documents/issued:
    post:
      tags: [documents]
      summary: Register an outgoing document (role clerk); the number left out is the next one in its series
      parameters: [{$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DocumentIssued"}
      responses:
\#(recordedResponses)
  /api/documents/{symbol}@{year}/recall:
    post:
      tags: [documents]
      summary: Recall an issued document (role clerk)
      parameters: [{$ref: "#/components/parameters/Symbol"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DocumentRecalled"}
      responses:
\#(recordedResponses)
  /api/documents/{symbol}@{year}/correct:
    post:
      tags: [documents]
      summary: Correct an issued document (role clerk)
      parameters: [{$ref: "#/components/parameters/Symbol"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DocumentCorrected"}
      responses:
\#(recordedResponses)
  /api/directives:
    post:
      tags: [directives]
      summary: Issue a directive (role leader)
      parameters: [{$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DirectiveIssued"}
      responses:
\#(recordedResponses)
  /api/directives/{id}/extend:
    post:
      tags: [directives]
      summary: Extend a directive's deadline (role leader)
      parameters: [{$ref: "#/components/parameters/DirectiveID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DirectiveDeadlineExtended"}
      responses:
\#(recordedResponses)
  /api/directives/{id}/progress:
    post:
      tags: [directives]
      summary: Report progress on a directive (role officer)
      parameters: [{$ref: "#/components/parameters/DirectiveID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DirectiveProgressReported"}
      responses:
\#(recordedResponses)
  /api/directives/{id}/complete:
    post:
      tags: [directives]
      summary: Complete a directive (role leader)
      parameters: [{$ref: "#/components/parameters/DirectiveID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DirectiveCompleted"}
      responses:
\#(recordedResponses)
  /api/directives/{id}/cancel:
    post:
      tags: [directives]
      summary: Cancel a directive (role leader)
      parameters: [{$ref: "#/components/parameters/DirectiveID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/DirectiveCancelled"}
      responses:
\#(recordedResponses)
  /api/programme:
    post:
      tags: [programme]
      summary: Register a programme item (role officer)
      parameters: [{$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/ProgrammeItemRegistered"}
      responses:
\#(recordedResponses)
  /api/programme/{id}/reschedule:
    post:
      tags: [programme]
      summary: Reschedule a programme item (role officer)
      parameters: [{$ref: "#/components/parameters/ItemID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/ProgrammeItemRescheduled"}
      responses:
\#(recordedResponses)
  /api/programme/{id}/submit:
    post:
      tags: [programme]
      summary: Submit a programme item (role officer)
      parameters: [{$ref: "#/components/parameters/ItemID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/ProgrammeItemSubmitted"}
      responses:
\#(recordedResponses)
  /api/programme/{id}/approve:
    post:
      tags: [programme]
      summary: Approve a programme item (role leader)
      parameters: [{$ref: "#/components/parameters/ItemID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/ProgrammeItemApproved"}
      responses:
\#(recordedResponses)
  /api/programme/{id}/withdraw:
    post:
      tags: [programme]
      summary: Withdraw a programme item (role leader)
      parameters: [{$ref: "#/components/parameters/ItemID"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/ProgrammeItemWithdrawn"}
      responses:
\#(recordedResponses)
  /api/incoming/{arrival_no}@{year}/assign:
    post:
      tags: [incoming]
      summary: Route an incoming document: lead unit, supporting units, deadline, or for information; a later one re-routes it (role leader)
      parameters: [{$ref: "#/components/parameters/ArrivalNo"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/IncomingAssigned"}
      responses:
\#(recordedResponses)
  /api/incoming/{arrival_no}@{year}/progress:
    post:
      tags: [incoming]
      summary: Report progress on an incoming document (role officer)
      parameters: [{$ref: "#/components/parameters/ArrivalNo"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/IncomingProgressReported"}
      responses:
\#(recordedResponses)
  /api/incoming/{arrival_no}@{year}/answer:
    post:
      tags: [incoming]
      summary: Record the answer to an incoming document, once (role clerk)
      parameters: [{$ref: "#/components/parameters/ArrivalNo"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/IncomingAnswered"}
      responses:
\#(recordedResponses)
  /api/incoming/{arrival_no}@{year}/close:
    post:
      tags: [incoming]
      summary: Close an incoming document without an answer (role clerk)
      parameters: [{$ref: "#/components/parameters/ArrivalNo"}, {$ref: "#/components/parameters/Year"}, {$ref: "#/components/parameters/EventID"}]
      requestBody: {$ref: "#/components/requestBodies/IncomingClosed"}
      responses:
\#(recordedResponses)
  /api/report:
    get:
      tags: [reads]
      summary: The report for a period (any login), the exact JSON of `docledger report --format json`
      parameters: [{$ref: "#/components/parameters/Period"}, {$ref: "#/components/parameters/AsOf"}]
      responses:
        "200":
          description: The report.
          content:
            application/json:
              schema: {type: object}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
  /api/report.csv:
    get:
      tags: [reads]
      summary: The report as CSV (any login), the bytes of `docledger report --format csv`
      parameters: [{$ref: "#/components/parameters/Period"}, {$ref: "#/components/parameters/AsOf"}]
      responses:
        "200":
          description: The report.
          content:
            text/csv:
              schema: {type: string}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
  /api/report.md:
    get:
      tags: [reads]
      summary: The report as Markdown (any login), the bytes of `docledger report --format md`
      parameters: [{$ref: "#/components/parameters/Period"}, {$ref: "#/components/parameters/AsOf"}]
      responses:
        "200":
          description: The report.
          content:
            text/markdown:
              schema: {type: string}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
  /api/history/{id}:
    get:
      tags: [reads]
      summary: Every event about a document, directive or programme item (any login), as `docledger history --format json`
      parameters:
        - name: id
          in: path
          required: true
          description: "A directive or item id, or a document as SYMBOL@YEAR (its slash as it is or %2F: 01/QĐ-UBND@2017)."
          schema: {type: string}
      responses:
        "200":
          description: The history.
          content:
            application/json:
              schema: {type: object}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
  /api/reconcile:
    post:
      tags: [reads]
      summary: Compare declared figures with the report for a period (any login), as `docledger reconcile --format json`
      parameters: [{$ref: "#/components/parameters/Period"}, {$ref: "#/components/parameters/AsOf"}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, description: "The declared figures, as `docledger reconcile` reads them from a file."}
      responses:
        "200":
          description: The reconciliation (a difference is still 200).
          content:
            application/json:
              schema: {type: object}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "422": {$ref: "#/components/responses/Refused"}
  /api/proofs:
    post:
      tags: [reads]
      summary: The proof that an event (or every event of a subject's history) is in a signed checkpoint, or that one checkpoint extends another (any login), as `docledger prove`; check it offline with `docledger check-proof`
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [checkpoint]
              properties:
                id: {type: string, description: "An event id, a directive or programme item id, 41/QĐ-UBND@2017 or 123@2017."}
                consistency: {type: string, description: "An older checkpoint (a signed note): prove that `checkpoint` extends it."}
                checkpoint: {type: string, description: "A checkpoint as `docledger checkpoint` prints it."}
      responses:
        "200":
          description: "The proof file: {checkpoint, leaf_index, event, inclusion} for an event, an array of them for a subject, {old, new, consistency} for two checkpoints."
          content:
            application/json:
              schema: {}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "422": {$ref: "#/components/responses/Refused"}
  /api/digest:
    get:
      tags: [chain]
      summary: The head of the chain (role inspector)
      responses:
        "200":
          description: The head.
          content:
            application/json:
              schema:
                type: object
                required: [seq, hash, digest]
                properties:
                  seq: {type: integer}
                  hash: {type: string}
                  digest: {type: string, example: "4:ecef5b…"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/verify:
    post:
      tags: [chain]
      summary: Replay and check the whole chain (role inspector), optionally against a digest taken earlier
      parameters:
        - name: digest
          in: query
          required: false
          schema: {type: string, example: "4:ecef5b…"}
      responses:
        "200":
          description: The outcome (`ok` false with the problems when the chain does not hold).
          content:
            application/json:
              schema:
                type: object
                required: [ok, events, head, problems]
                properties:
                  ok: {type: boolean}
                  events: {type: integer}
                  head: {type: string}
                  problems: {type: array, items: {type: string}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/export:
    get:
      tags: [chain]
      summary: Every event as JSON Lines, in sequence order, streamed from one snapshot of the log (role inspector)
      responses:
        "200":
          description: The events, one JSON object a line.
          content:
            application/x-ndjson:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/openapi.yaml:
    get:
      tags: [session]
      summary: This document (no login)
      security: []
      responses:
        "200":
          description: The OpenAPI document.
          content:
            application/yaml:
              schema: {type: string}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      description: The token `POST /api/session` answers (64 hex digits, valid 12 hours).
    cookie:
      type: apiKey
      in: cookie
      name: docledger_session
      description: The same token, as the cookie `POST /api/session` sets (HttpOnly, SameSite=Strict).
  parameters:
    EventID:
      name: id
      in: query
      required: false
      description: The event's id; the same request again with the same id is a retry (200 {"duplicate":true}).
      schema: {type: string}
    Symbol:
      name: symbol
      in: path
      required: true
      description: The document's number symbol, its slash as it is or %2F (41/QĐ-UBND).
      schema: {type: string}
    Year:
      name: year
      in: path
      required: true
      schema: {type: integer, minimum: 1, maximum: 9999}
    DirectiveID:
      name: id
      in: path
      required: true
      description: The directive's id (`directive_id`).
      schema: {type: string}
    ArrivalNo:
      name: arrival_no
      in: path
      required: true
      description: The incoming document's arrival number in the year's register (`123@2017`).
      schema: {type: integer, minimum: 1}
    ItemID:
      name: id
      in: path
      required: true
      description: The programme item's id (`item_id`).
      schema: {type: string}
    Period:
      name: period
      in: query
      required: true
      description: 2017-H1, 2017-Q3, 2017, or 2017-01-01..2017-06-30.
      schema: {type: string}
    AsOf:
      name: as_of
      in: query
      required: false
      description: The report as it stood at this day or time.
      schema: {type: string}
  requestBodies:
    DocumentReceived:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [sender, number_symbol, doc_type, subject]
            properties:
              received_on: {$ref: "#/components/schemas/Day"}
              sender: {type: string}
              number_symbol: {type: string, description: "The sender's number symbol."}
              doc_type: {$ref: "#/components/schemas/DocType"}
              subject: {type: string}
              arrival_no: {type: integer, description: "Left out: the next in the year's incoming register."}
              signed_on: {$ref: "#/components/schemas/Day"}
              copies: {type: integer, minimum: 1}
              note: {type: string}
              repeat_of: {type: integer, description: "The arrival number of the same document registered before (same sender, number symbol and year): this copy is registered again on purpose. Without it such a document is refused."}
    DocumentIssued:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [doc_type, subject]
            properties:
              issued_on: {$ref: "#/components/schemas/Day"}
              doc_type: {$ref: "#/components/schemas/DocType"}
              subject: {type: string}
              legal_normative: {type: boolean, default: false}
              number: {type: integer, description: "Left out: the next in its series and year."}
              issuer: {type: string, default: UBND}
              signer: {type: string}
              recipients: {type: array, items: {type: string}}
              copies: {type: integer, minimum: 1}
              archive_unit: {type: string, description: "The unit or person keeping the file copy."}
              sent_on: {$ref: "#/components/schemas/Day"}
              note: {type: string}
    DocumentRecalled:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [reason]
            properties:
              recalled_on: {$ref: "#/components/schemas/Day"}
              reason: {type: string}
    DocumentCorrected:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [correction]
            properties:
              corrected_on: {$ref: "#/components/schemas/Day"}
              correction: {type: string}
    IncomingAssigned:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [lead_unit]
            properties:
              assigned_on: {$ref: "#/components/schemas/Day"}
              lead_unit: {type: string}
              support_units: {type: array, items: {type: string}}
              deadline: {$ref: "#/components/schemas/Day"}
              instruction: {type: string}
              for_information: {type: boolean, default: false}
    IncomingProgressReported:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [unit, note]
            properties:
              reported_on: {$ref: "#/components/schemas/Day"}
              unit: {type: string}
              note: {type: string}
    IncomingAnswered:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              answered_on: {$ref: "#/components/schemas/Day"}
              answer_document: {type: string, description: "The answering document's symbol, issued in the year of answered_on, not recalled."}
              note: {type: string}
    IncomingClosed:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [reason]
            properties:
              closed_on: {$ref: "#/components/schemas/Day"}
              reason: {type: string}
    DirectiveIssued:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [directive_id, lead_unit, content]
            properties:
              directive_id: {type: string}
              issued_on: {$ref: "#/components/schemas/Day"}
              lead_unit: {type: string}
              content: {type: string}
              deadline: {$ref: "#/components/schemas/Day"}
              support_units: {type: array, items: {type: string}}
              source_document: {type: string}
    DirectiveDeadlineExtended:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [new_deadline, reason]
            properties:
              extended_on: {$ref: "#/components/schemas/Day"}
              new_deadline: {$ref: "#/components/schemas/Day"}
              reason: {type: string}
    DirectiveProgressReported:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [unit, note]
            properties:
              reported_on: {$ref: "#/components/schemas/Day"}
              unit: {type: string}
              note: {type: string}
    DirectiveCompleted:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              completed_on: {$ref: "#/components/schemas/Day"}
              result_document: {type: string}
    DirectiveCancelled:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [reason]
            properties:
              cancelled_on: {$ref: "#/components/schemas/Day"}
              reason: {type: string}
    ProgrammeItemRegistered:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [item_id, year, title, lead_unit, due]
            properties:
              item_id: {type: string}
              year: {type: integer}
              title: {type: string}
              lead_unit: {type: string}
              due: {type: string, description: "Q1/2017 … Q4/2017, 2017, or 2017-2018."}
    ProgrammeItemRescheduled:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [due, reason]
            properties:
              rescheduled_on: {$ref: "#/components/schemas/Day"}
              due: {type: string}
              reason: {type: string}
    ProgrammeItemSubmitted:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              submitted_on: {$ref: "#/components/schemas/Day"}
              submission: {type: string}
    ProgrammeItemApproved:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [decision]
            properties:
              approved_on: {$ref: "#/components/schemas/Day"}
              decision: {type: string, description: "The approving decision's number symbol."}
    ProgrammeItemWithdrawn:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [reason]
            properties:
              withdrawn_on: {$ref: "#/components/schemas/Day"}
              reason: {type: string}
  responses:
    BadRequest:
      description: A malformed request (a missing or malformed period, as_of, digest or id; a body that is not a UTF-8 JSON object; a bad path segment).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Unauthorized:
      description: Not logged in, or the session has ended (expired, logged out, a new password, a disabled account).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Forbidden:
      description: The login lacks the role needed; the error names it (and the event type, for /api/events).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    NotFound:
      description: No such route, or no such document, directive, programme item or history id.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Conflict:
      description: An expected_version that no longer holds; nothing written.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    TooLarge:
      description: The body is over the limit (--max-body, 1 MiB for a typed route, 4 KiB for a login), refused from its Content-Length before it is read.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    UnsupportedMediaType:
      description: A missing or wrong Content-Type, or a charset other than UTF-8.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Refused:
      description: The ledger refused the events or the command; every problem listed, nothing written.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    HeadersTooLarge:
      description: Request headers over 16 KiB (any route).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Busy:
      description: Another program held the file's write lock past the retry bound; try again after Retry-After seconds.
      headers:
        Retry-After:
          schema: {type: integer}
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error: {type: string, description: One sentence.}
        problems:
          type: array
          items:
            type: object
            required: [field, reason]
            properties:
              line: {type: integer, description: "The line of a /api/events body."}
              field: {type: string}
              reason: {type: string}
        request_id: {type: string, description: "Only with a 500: the id of the server's log line."}
    Login:
      type: object
      required: [token, user, roles, expires_at]
      properties:
        token: {type: string}
        user: {type: string}
        roles: {type: array, items: {$ref: "#/components/schemas/Role"}}
        expires_at: {type: string, format: date-time}
    Account:
      type: object
      required: [user, name, roles, disabled]
      properties:
        user: {type: string}
        name: {type: string}
        roles: {type: array, items: {$ref: "#/components/schemas/Role"}}
        disabled: {type: boolean}
    Recorded:
      type: object
      required: [duplicate]
      properties:
        seq: {type: integer}
        stream: {type: string, example: "document:01/QĐ-UBND@2017"}
        arrival_number: {type: string, example: 1/2017}
        number_symbol: {type: string, example: 01/QĐ-UBND}
        duplicate: {type: boolean}
    Role:
      type: string
      enum: [clerk, officer, leader, inspector, admin]
    Day:
      type: string
      format: date
      description: YYYY-MM-DD; the command's date field left out is today.
    DocType:
      type: string
      description: A doc type code of Decree 30/2020/NĐ-CP (QĐ, CT, KH, …), or CV.
"""#
}
