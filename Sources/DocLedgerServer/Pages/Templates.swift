import Mustache

/// The pages' Mustache templates, compiled into the binary (so `docledger serve` finds them from
/// any directory and any install), and the style sheet they share. Every `{{value}}` is
/// HTML-escaped by Mustache; the only unescaped values (`{{{…}}}`) are the SVG charts, whose
/// texts `Chart` escapes itself.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates {
            // The templates are constants of this file; a test renders every page, so a broken one fails there.
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        return library
    }()

    static func render(_ name: String, _ model: [String: Any]) -> String {
        library.render(model, withTemplate: name) ?? ""
    }

    static let templates: [(String, String)] = [
        ("layout", layout), ("login", login), ("report", report), ("message", message), ("directives", directives),
        ("timeline", timeline), ("form", form), ("verify", verify), ("accounts", accounts), ("register", register),
    ]

    static let register = """
        {{<layout}}{{$body}}
        <h1>{{pageTitle}}</h1>
        <form method="get" action="{{action}}" class="period">
        <label for="from">{{fromLabel}}</label><input id="from" name="from" value="{{from}}" placeholder="YYYY-MM-DD" size="10">
        <label for="to">{{toLabel}}</label><input id="to" name="to" value="{{to}}" placeholder="YYYY-MM-DD" size="10">
        <label for="type">{{typeLabel}}</label><input id="type" name="type" value="{{type}}" list="types" size="5"><datalist id="types">{{#types}}<option value="{{.}}">{{/types}}</datalist>
        {{#hasUnit}}<label for="unit">{{unitLabel}}</label><input id="unit" name="unit" value="{{unit}}">{{/hasUnit}}
        <label for="q">{{searchLabel}}</label><input id="q" name="q" value="{{q}}">
        <button type="submit">{{showLabel}}</button>
        {{#filterError}}<p class="error" role="alert">{{filterError}}</p>{{/filterError}}
        </form>
        <p>{{span}}</p>
        <table id="register" class="register"><thead><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr></thead><tbody>
        {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}{{#hasActions}}<td class="actions">{{#actions}}<a href="{{href}}">{{label}}</a> {{/actions}}</td>{{/hasActions}}</tr>{{/rows}}
        </tbody></table>
        {{^rows}}<p>{{noRows}}</p>{{/rows}}
        <p class="paging">{{rowsShown}} {{#first}}<a href="{{first}}">{{firstLabel}}</a>{{/first}} {{#next}}<a href="{{next}}" id="next" rel="next">{{nextLabel}}</a>{{/next}}</p>
        {{/body}}{{/layout}}
        """

    static let layout = """
        <!DOCTYPE html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{pageTitle}} · {{appName}}</title>
        <link rel="stylesheet" href="/static/style.css">
        <link rel="icon" href="data:,">
        </head>
        <body>
        {{#header}}
        <header class="top">
        <div class="bar">
        <a class="brand" href="/">{{appName}}</a>
        <span class="who">{{userLabel}}: <strong id="user">{{user}}</strong> · {{rolesLabel}}: <span id="roles">{{roles}}</span></span>
        <span class="head" id="head">{{headLabel}} <strong>{{headSeq}}</strong> · <code title="{{headHashFull}}">{{headHash}}</code> · <a href="/verify">{{verifyLink}}</a></span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="logout">{{logoutLabel}}</button></form>
        </div>
        <nav class="menu">{{#menu}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/menu}}</nav>
        {{#hasForms}}<nav class="forms"><span>{{formsLabel}}:</span>{{#forms}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/forms}}</nav>{{/hasForms}}
        </header>
        {{/header}}
        <main>
        {{$body}}{{/body}}
        </main>
        </body>
        </html>

        """

    static let login = """
        {{<layout}}{{$body}}
        <p class="app">{{appName}}</p>
        <h1>{{pageTitle}}</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value="{{next}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="user">{{userLabel}}</label><input id="user" name="user" value="{{userValue}}" autocomplete="username" required>
        <label for="password">{{passwordLabel}}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" id="login">{{pageTitle}}</button>
        </form>
        {{/body}}{{/layout}}
        """

    static let message = """
        {{<layout}}{{$body}}
        <h1>{{pageTitle}}</h1>
        <p class="{{kind}}" id="message">{{text}}</p>
        {{#requestID}}<p>X-Request-Id: <code>{{requestID}}</code></p>{{/requestID}}
        {{#links}}<p><a href="{{href}}">{{label}}</a></p>{{/links}}
        {{/body}}{{/layout}}
        """

    static let report = """
        {{<layout}}{{$body}}
        <form method="get" action="/" class="period">
        <label for="period">{{periodLabel}}</label><input id="period" name="period" value="{{period}}" title="{{periodHint}}">
        <label for="as_of">{{asOfLabel}}</label><input id="as_of" name="as_of" value="{{asOf}}" placeholder="YYYY-MM-DD" title="{{asOfHint}}">
        <button type="submit">{{showLabel}}</button>
        {{#periodError}}<p class="error" role="alert">{{periodError}}</p>{{/periodError}}
        <p class="quick">{{#quick}}<a href="{{href}}">{{label}}</a>{{/quick}}</p>
        </form>
        {{#report}}
        <article class="report">
        <h1>{{title}}</h1>
        <p>{{periodLine}}</p>
        {{#asOfLine}}<p>{{asOfLine}}</p>{{/asOfLine}}
        <p class="downloads">{{downloadsLabel}}: {{#downloads}}<a href="{{href}}" download>{{label}}</a> {{/downloads}}</p>
        <section id="documents">
        <h2>{{documentsHeading}}</h2>
        <p id="documents-sentence">{{documentsSentence}}</p>
        {{#recalledSentence}}<p>{{recalledSentence}}</p>{{/recalledSentence}}
        <figure>{{{chartIssued}}}</figure>
        </section>
        <section id="programme">
        <h2>{{programmeHeading}}</h2>
        {{#programmeSentences}}<p>{{.}}</p>{{/programmeSentences}}
        {{#overdue}}<p>{{heading}}</p><ul>{{#items}}<li>{{unit}}: <a href="/history/{{id}}">{{title}}</a> ({{due}})</li>{{/items}}</ul>{{/overdue}}
        {{#hasProgrammeRows}}<table><thead><tr>{{#unitColumns}}<th>{{.}}</th>{{/unitColumns}}</tr></thead><tbody>
        {{#programmeRows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/programmeRows}}
        </tbody></table>{{/hasProgrammeRows}}
        <figure>{{{chartProgramme}}}</figure>
        </section>
        <section id="directives">
        <h2>{{directivesHeading}}</h2>
        <p id="directives-sentence">{{directivesSentence}}</p>
        {{#hasDirectiveRows}}<table><thead><tr>{{#directiveColumns}}<th>{{.}}</th>{{/directiveColumns}}</tr></thead><tbody>
        {{#directiveRows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/directiveRows}}
        </tbody></table>{{/hasDirectiveRows}}
        <figure>{{{chartDirectives}}}</figure>
        </section>
        <section id="incoming">
        <h2>{{incomingHeading}}</h2>
        <p id="incoming-sentence">{{incomingSentence}}</p>
        {{#hasIncomingRows}}<table><thead><tr>{{#incomingColumns}}<th>{{.}}</th>{{/incomingColumns}}</tr></thead><tbody>
        {{#incomingRows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/incomingRows}}
        </tbody></table>{{/hasIncomingRows}}
        </section>
        </article>
        {{/report}}
        {{/body}}{{/layout}}
        """

    static let directives = """
        {{<layout}}{{$body}}
        <h1>{{pageTitle}}</h1>
        <form method="get" action="/directives" class="period">
        <label for="period">{{periodLabel}}</label><input id="period" name="period" value="{{period}}" title="{{periodHint}}">
        <label for="unit">{{unitLabel}}</label><select id="unit" name="unit"><option value="">{{allUnits}}</option>{{#units}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/units}}</select>
        <label for="as_at">{{asAtLabel}}</label><input id="as_at" name="as_at" value="{{asAt}}" placeholder="YYYY-MM-DD">
        <button type="submit">{{showLabel}}</button>
        {{#periodError}}<p class="error" role="alert">{{periodError}}</p>{{/periodError}}
        </form>
        <p>{{statusLine}}</p>
        <table id="directive-list"><thead><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr></thead><tbody>
        {{#rows}}<tr class="{{statusClass}}"><td><a href="/directives/{{id}}">{{id}}</a></td><td>{{issuedOn}}</td><td>{{unit}}</td><td>{{deadline}}</td><td>{{status}}</td></tr>{{/rows}}
        </tbody></table>
        {{^rows}}<p>{{noData}}</p>{{/rows}}
        {{#paged}}<p class="paging">{{rowsShown}} {{#first}}<a href="{{first}}">{{firstLabel}}</a>{{/first}} {{#next}}<a href="{{next}}" id="next" rel="next">{{nextLabel}}</a>{{/next}}</p>{{/paged}}
        {{/body}}{{/layout}}
        """

    static let timeline = """
        {{<layout}}{{$body}}
        {{#saved}}<p class="saved" role="status" id="saved">{{saved}}</p>{{/saved}}
        <h1>{{pageTitle}}</h1>
        {{#timeline}}
        <p class="stream"><code>{{stream}}</code></p>
        {{#hasActions}}<p class="actions">{{actionsLabel}}: {{#actions}}<a href="{{href}}">{{label}}</a> {{/actions}}</p>{{/hasActions}}
        <h2>{{timelineLabel}}</h2>
        <ol class="timeline" id="timeline">
        {{#events}}<li><span class="seq">#{{seq}}</span> <strong class="what">{{what}}</strong> {{#date}}<span class="date">{{date}}</span>{{/date}}
        <span class="by">— {{actor}}, {{recordedAt}}</span>
        <dl>{{#fields}}<dt>{{name}}</dt><dd>{{#href}}<a href="{{href}}">{{value}}</a>{{/href}}{{^href}}{{value}}{{/href}}</dd>{{/fields}}</dl></li>
        {{/events}}
        </ol>
        {{#links}}<h2>{{title}} {{#name}}<a href="{{href}}">{{name}}</a>{{/name}}</h2>{{#missing}}<p>{{missing}}</p>{{/missing}}
        <ol class="timeline">{{#events}}<li><span class="seq">#{{seq}}</span> <strong>{{what}}</strong> {{date}} <span class="by">— {{actor}}, {{recordedAt}}</span><dl>{{#fields}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/fields}}</dl></li>{{/events}}</ol>
        {{/links}}
        {{/timeline}}
        {{/body}}{{/layout}}
        """

    static let form = """
        {{<layout}}{{$body}}
        <h1>{{pageTitle}}</h1>
        {{#duplicate}}<p class="saved" role="status" id="saved">{{duplicate}}</p>{{/duplicate}}
        {{#formError}}<p class="error" role="alert" id="form-error">{{formError}}</p>{{/formError}}
        {{#otherErrors}}<p class="error">{{.}}</p>{{/otherErrors}}
        <form method="post" action="{{action}}" class="record" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="event_id" value="{{eventID}}">
        {{#fields}}
        <div class="field{{#error}} invalid{{/error}}">
        <label for="f-{{key}}">{{label}}</label>
        {{#textarea}}<textarea id="f-{{key}}" name="{{key}}" rows="3"{{#error}} aria-invalid="true" aria-describedby="e-{{key}}"{{/error}}>{{value}}</textarea>{{/textarea}}
        {{#checkbox}}<input type="checkbox" id="f-{{key}}" name="{{key}}"{{#checked}} checked{{/checked}}>{{/checkbox}}
        {{#input}}<input id="f-{{key}}" name="{{key}}" value="{{value}}"{{#hasList}} list="l-{{key}}"{{/hasList}}{{#placeholder}} placeholder="{{placeholder}}"{{/placeholder}}{{#error}} aria-invalid="true" aria-describedby="e-{{key}}"{{/error}}>{{/input}}
        {{#hasList}}<datalist id="l-{{key}}">{{#options}}<option value="{{.}}">{{/options}}</datalist>{{/hasList}}
        {{#hint}}<small>{{hint}}</small>{{/hint}}
        {{#error}}<span class="field-error" id="e-{{key}}">{{error}}</span>{{/error}}
        </div>
        {{/fields}}
        <button type="submit" id="save">{{saveLabel}}</button>
        </form>
        {{/body}}{{/layout}}
        """

    static let verify = """
        {{<layout}}{{$body}}
        <h1>{{pageTitle}}</h1>
        <p>{{digestLabel}}</p>
        <p><input id="digest-now" readonly size="80" value="{{digest}}"></p>
        <form method="post" action="/verify" class="record">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field"><label for="f-digest">{{compareLabel}}</label><input id="f-digest" name="digest" size="80" value="{{given}}" placeholder="SEQ:HASH"></div>
        <button type="submit" id="verify">{{runLabel}}</button>
        </form>
        {{#result}}<section id="verify-result" class="{{kind}}"><h2>{{heading}}</h2><p>{{summary}}</p><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul></section>{{/result}}
        <p><a href="/api/export" download="docledger-export.jsonl" id="export">{{exportLabel}}</a></p>
        {{/body}}{{/layout}}
        """

    static let accounts = """
        {{<layout}}{{$body}}
        {{#saved}}<p class="saved" role="status" id="saved">{{saved}}</p>{{/saved}}
        {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
        <h1>{{pageTitle}}</h1>
        <table id="accounts"><thead><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr></thead><tbody>
        {{#accounts}}<tr{{#disabled}} class="disabled"{{/disabled}}><td>{{user}}</td><td>{{name}}</td><td>{{roles}}</td><td>{{status}}</td>
        <td><form method="post" action="/accounts/{{user}}/grant" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><select name="role">{{#allRoles}}<option value="{{value}}">{{label}}</option>{{/allRoles}}</select><button type="submit">{{grantLabel}}</button></form>
        <form method="post" action="/accounts/{{user}}/revoke" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><select name="role">{{#allRoles}}<option value="{{value}}">{{label}}</option>{{/allRoles}}</select><button type="submit">{{revokeLabel}}</button></form>
        {{^disabled}}<form method="post" action="/accounts/{{user}}/disable" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{disableLabel}}</button></form>{{/disabled}}</td></tr>
        {{/accounts}}
        </tbody></table>
        <h2>{{newLabel}}</h2>
        <form method="post" action="/accounts" class="record">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="field"><label for="f-user">{{userLabel}}</label><input id="f-user" name="user"></div>
        <div class="field"><label for="f-name">{{nameLabel}}</label><input id="f-name" name="name"></div>
        <div class="field"><span class="label">{{rolesLabel}}</span>{{#allRoles}}<label class="check"><input type="checkbox" name="roles" value="{{value}}"> {{label}}</label>{{/allRoles}}</div>
        <div class="field"><label for="f-password">{{passwordLabel}}</label><input id="f-password" name="password" type="password" autocomplete="new-password"></div>
        <button type="submit">{{createLabel}}</button>
        </form>
        <h2>{{historyLabel}}</h2>
        <table id="grants"><thead><tr>{{#historyColumns}}<th>{{.}}</th>{{/historyColumns}}</tr></thead><tbody>
        {{#history}}<tr><td>#{{seq}}</td><td>{{recordedAt}}</td><td>{{what}}</td><td>{{user}}</td><td>{{detail}}</td><td>{{actor}}</td></tr>{{/history}}
        </tbody></table>
        {{/body}}{{/layout}}
        """

    static let style = """
        body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
        header.top{background:#7a1f1f;color:#fff;padding:.4rem 1rem}
        header.top a{color:#fff}
        .bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
        .brand{font-weight:bold;font-size:1.1rem;text-decoration:none}
        .head code{background:rgba(255,255,255,.15);padding:0 .3rem}
        nav{display:flex;flex-wrap:wrap;gap:.2rem .8rem;margin-top:.3rem;font-size:.95rem}
        nav.forms{font-size:.85rem;opacity:.95}
        nav a[aria-current]{font-weight:bold;text-decoration:underline}
        main{padding:1rem 1.5rem;max-width:1100px}
        form.inline{display:inline}
        table{border-collapse:collapse;margin:.6rem 0;background:#fff}
        th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
        td:not(:first-child){text-align:right}
        #directive-list td,#accounts td,#grants td,table.register td{text-align:left}
        table.register{font-size:.85rem}
        tr.overdue{background:#fde2e1}
        tr.overdue td:last-child{color:#a00;font-weight:bold}
        .error{color:#a00;font-weight:bold}
        .field-error{color:#a00;display:block}
        .field.invalid input,.field.invalid textarea{border:2px solid #a00}
        .saved{background:#e3f4e1;border:1px solid #3a7d34;padding:.5rem}
        .field{margin:.5rem 0}
        .field label,.field .label{display:block;font-weight:bold}
        .field label.check{display:inline;font-weight:normal;margin-right:.8rem}
        .field input:not([type=checkbox]),.field textarea{width:min(40rem,100%)}
        .field small{display:block;color:#555}
        form.period{background:#fff;padding:.5rem;border:1px solid #ccc}
        form.period label{margin:0 .3rem 0 .8rem}
        .quick a{margin-right:.8rem}
        figure{margin:.5rem 0;overflow-x:auto}
        svg.chart{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}
        ol.timeline{padding-left:1.2rem}
        ol.timeline li{margin:.4rem 0;background:#fff;padding:.4rem;border-left:4px solid #7a1f1f}
        dl{display:grid;grid-template-columns:max-content auto;gap:0 .8rem;margin:.2rem 0}
        dt{color:#555}
        dd{margin:0}
        .by{color:#555}
        p.app{color:#7a1f1f;font-weight:bold;font-size:1.2rem;margin-bottom:0}
        form.login{display:grid;grid-template-columns:max-content 16rem;gap:.5rem}
        form.login button{grid-column:2}

        """
}
