"use strict";

// Renders /openapi/v1.json as a readable page: operations first, then the schemas they refer to.
(function () {
  const methods = ["get", "post", "put", "patch", "delete"];

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function refName(ref) {
    return ref.split("/").pop();
  }

  function typeOf(schema) {
    if (!schema) return "";
    if (schema.$ref) return refName(schema.$ref);
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum) return schema.enum.map(value => JSON.stringify(value)).join(" | ");
    if (schema.oneOf) return schema.oneOf.map(typeOf).join(" | ");
    const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "any";
    if (type === "array") return typeOf(schema.items) + "[]";
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      return "{ [name]: " + typeOf(schema.additionalProperties) + " }";
    }
    return schema.format ? type + " (" + schema.format + ")" : type;
  }

  function typeCell(schema) {
    const cell = el("td");
    const text = typeOf(schema);
    if (schema && schema.$ref) {
      cell.append(el("a", { href: "#schema-" + text }, text));
    } else {
      cell.append(el("code", {}, text));
    }
    return cell;
  }

  function schemaTable(schema) {
    if (!schema || !schema.properties) {
      return el("p", {}, "Type: ", typeCell(schema).firstChild);
    }
    const required = new Set(schema.required || []);
    const rows = Object.entries(schema.properties).map(([name, property]) => el("tr", {},
      el("td", {}, el("code", {}, name), required.has(name) ? " *" : ""),
      typeCell(property),
      el("td", {}, property.description || "")));
    return el("table", {}, el("tr", {}, el("th", {}, "Field"), el("th", {}, "Type"), el("th", {}, "Notes")), rows);
  }

  function operation(path, method, op) {
    const id = op.operationId || method + path;
    const section = el("section", { class: "operation", id: "op-" + id },
      el("h2", {}, el("span", { class: "method " + method }, method), " ", el("code", {}, path)),
      el("p", {}, el("strong", {}, op.summary || "")));
    if (op.description) section.append(el("p", {}, op.description));
    if (op.security && op.security.length === 0) section.append(el("p", {}, "No authentication."));
    const parameters = op.parameters || [];
    if (parameters.length) {
      section.append(el("h3", {}, "Parameters"), el("table", {},
        el("tr", {}, el("th", {}, "Name"), el("th", {}, "In"), el("th", {}, "Type"), el("th", {}, "Notes")),
        parameters.map(p => el("tr", {},
          el("td", {}, el("code", {}, p.name), p.required ? " *" : ""),
          el("td", {}, p.in), typeCell(p.schema), el("td", {}, p.description || "")))));
    }
    const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    if (body) {
      section.append(el("h3", {}, "Body" + (op.requestBody.required ? "" : " (optional)")));
      section.append(body.schema.$ref ? el("p", {}, typeCell(body.schema).firstChild) : schemaTable(body.schema));
      for (const example of Object.values(body.examples || {})) {
        section.append(el("pre", {}, JSON.stringify(example.value, null, 2)));
      }
    }
    section.append(el("h3", {}, "Responses"), el("table", {},
      Object.entries(op.responses || {}).map(([status, response]) => {
        const resolved = response.$ref ? spec.components.responses[refName(response.$ref)] : response;
        const content = Object.entries(resolved.content || {})[0];
        return el("tr", {}, el("td", { class: "status" }, status),
          content ? typeCell(content[1].schema) : el("td", {}, ""),
          el("td", {}, resolved.description || "", content ? el("div", {}, el("code", {}, content[0])) : ""));
      })));
    return section;
  }

  let spec;

  async function render() {
    const response = await fetch("/openapi/v1.json", { headers: { Accept: "application/json" } });
    spec = await response.json();
    document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
    document.getElementById("description").textContent = spec.info.description || "";
    const operations = document.getElementById("operations");
    const toc = el("ul");
    operations.replaceChildren();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const method of methods.filter(m => item[m])) {
        const section = operation(path, method, item[method]);
        operations.append(section);
        toc.append(el("li", {}, el("a", { href: "#" + section.id }, method.toUpperCase() + " " + path)));
      }
    }
    document.getElementById("toc").replaceChildren(toc);
    const schemas = document.getElementById("schemas");
    schemas.replaceChildren(el("h2", {}, "Schemas"));
    for (const [name, schema] of Object.entries(spec.components.schemas)) {
      schemas.append(el("div", { class: "schema", id: "schema-" + name }, el("h3", {}, name),
        schema.description ? el("p", {}, schema.description) : "", schemaTable(schema)));
    }
  }

  render().catch(error => {
    document.getElementById("operations").textContent = "The API description could not be loaded: " + error;
  });
})();
