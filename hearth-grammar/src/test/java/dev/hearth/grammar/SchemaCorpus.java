package dev.hearth.grammar;

import java.util.List;

/** Real-world schemas, each with instances written by hand that the grammar is meant to accept (compact JSON). */
final class SchemaCorpus {
    record Entry(String name, String schema, List<String> accepted) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SchemaCorpus() {
    }

    static List<Entry> all() {
        return List.of(
                new Entry("OpenAI's get_current_weather parameters", """
                        {"type": "object",
                         "properties": {
                           "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                           "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                         "required": ["location"]}""",
                        List.of("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}", "{\"location\":\"Boston, MA\"}",
                                "{\"location\":\"\\\"Q\\\" \\u00e9\\n\"}")),
                new Entry("OpenAI's strict math reasoning response format", """
                        {"type": "object",
                         "properties": {
                           "steps": {"type": "array", "items": {"type": "object",
                             "properties": {"explanation": {"type": "string"}, "output": {"type": "string"}},
                             "required": ["explanation", "output"], "additionalProperties": false}},
                           "final_answer": {"type": "string"}},
                         "required": ["steps", "final_answer"], "additionalProperties": false}""",
                        List.of("{\"steps\":[],\"final_answer\":\"x = -3.75\"}",
                                "{\"steps\":[{\"explanation\":\"8x + 7 = -23\",\"output\":\"8x = -30\"}],\"final_answer\":\"-3.75\"}")),
                new Entry("a nested order with $defs addresses and items", """
                        {"$schema": "https://json-schema.org/draft/2020-12/schema",
                         "$defs": {
                           "address": {"type": "object",
                             "properties": {
                               "street": {"type": "string", "minLength": 1},
                               "city": {"type": "string"},
                               "zip": {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$"},
                               "country": {"type": "string", "enum": ["US", "CA", "MX"]}},
                             "required": ["street", "city", "zip"], "additionalProperties": false},
                           "item": {"type": "object",
                             "properties": {
                               "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\\\d{4}$"},
                               "quantity": {"type": "integer", "minimum": 1, "maximum": 100},
                               "price": {"type": "number", "exclusiveMinimum": 0}},
                             "required": ["sku", "quantity", "price"]}},
                         "type": "object",
                         "properties": {
                           "orderId": {"type": "string", "format": "uuid"},
                           "placedAt": {"type": "string", "format": "date-time"},
                           "shipping": {"$ref": "#/$defs/address"},
                           "billing": {"anyOf": [{"$ref": "#/$defs/address"}, {"type": "null"}]},
                           "items": {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 1, "maxItems": 5},
                           "notes": {"type": ["string", "null"], "maxLength": 40}},
                         "required": ["orderId", "placedAt", "shipping", "items"]}""",
                        List.of("{\"orderId\":\"123e4567-e89b-12d3-a456-426614174000\",\"placedAt\":\"2024-02-28T13:05:09.25+01:00\","
                                + "\"shipping\":{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"zip\":\"12345-6789\",\"country\":\"US\"},"
                                + "\"billing\":null,\"items\":[{\"sku\":\"ABC-0042\",\"quantity\":100,\"price\":9.99}],\"notes\":\"leave at door\"}",
                                "{\"orderId\":\"00000000-0000-0000-0000-000000000000\",\"placedAt\":\"1999-12-31T23:59:59Z\","
                                + "\"shipping\":{\"street\":\"x\",\"city\":\"\",\"zip\":\"00000\"},"
                                + "\"items\":[{\"sku\":\"XYZ-1234\",\"quantity\":1,\"price\":0.5},{\"sku\":\"QQQ-0000\",\"quantity\":7,\"price\":12}]}")),
                new Entry("an enum of values of every type", """
                        {"enum": ["red", "green", null, 42, 3.5, true, {"a": [1, 2]}, ["x"]]}""",
                        List.of("\"red\"", "null", "42", "3.5", "true", "{\"a\":[1,2]}", "[\"x\"]")),
                new Entry("an array of small integers with minItems and maxItems", """
                        {"type": "array", "items": {"type": "integer", "minimum": -5, "maximum": 5}, "minItems": 2, "maxItems": 4}""",
                        List.of("[-5,5]", "[0,1,2,3]", "[-1,-2,4]")),
                new Entry("a closed tuple with prefixItems", """
                        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}, {"const": "x"}],
                         "items": false, "minItems": 1}""",
                        List.of("[\"a\"]", "[\"a\",false]", "[\"\",true,\"x\"]")),
                new Entry("an open tuple with prefixItems and more items", """
                        {"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "null"}, "minItems": 3, "maxItems": 5}""",
                        List.of("[1,null,null]", "[-20,null,null,null,null]")),
                new Entry("draft 7's definitions and tuple items", """
                        {"$schema": "http://json-schema.org/draft-07/schema#",
                         "definitions": {"point": {"type": "array", "items": [{"type": "number"}, {"type": "number"}],
                                                   "additionalItems": false, "minItems": 2}},
                         "type": "object",
                         "properties": {"path": {"type": "array", "items": {"$ref": "#/definitions/point"}, "maxItems": 3}},
                         "required": ["path"]}""",
                        List.of("{\"path\":[]}", "{\"path\":[[1,2.5],[-0.25,1e10]]}")),
                new Entry("a recursive tree", """
                        {"$defs": {"node": {"type": "object",
                           "properties": {"name": {"type": "string", "maxLength": 8},
                                          "children": {"type": "array", "items": {"$ref": "#/$defs/node"}, "maxItems": 3}},
                           "required": ["name"], "additionalProperties": false}},
                         "$ref": "#/$defs/node"}""",
                        List.of("{\"name\":\"root\",\"children\":[{\"name\":\"a\"},{\"name\":\"b\",\"children\":[{\"name\":\"c\",\"children\":[]}]}]}")),
                new Entry("shapes told apart by a const kind in oneOf", """
                        {"oneOf": [
                          {"type": "object", "properties": {"kind": {"const": "circle"}, "radius": {"type": "number", "minimum": 0}},
                           "required": ["kind", "radius"]},
                          {"type": "object", "properties": {"kind": {"const": "rect"}, "w": {"type": "integer"}, "h": {"type": "integer"}},
                           "required": ["kind", "w", "h"]}]}""",
                        List.of("{\"kind\":\"circle\",\"radius\":1.5}", "{\"kind\":\"rect\",\"w\":3,\"h\":-4}")),
                new Entry("a nullable date as oneOf", """
                        {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]}""",
                        List.of("\"2024-01-31\"", "null", "\"2023-11-30\"")),
                new Entry("allOf merged into one object", """
                        {"allOf": [
                          {"type": "object", "properties": {"id": {"type": "integer", "minimum": 0}}, "required": ["id"]},
                          {"properties": {"tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "maxItems": 2}},
                           "required": ["tags"]}]}""",
                        List.of("{\"id\":0,\"tags\":[]}", "{\"id\":77,\"tags\":[\"a\",\"b\"]}")),
                new Entry("numbers and integers with bounds", """
                        {"type": "object",
                         "properties": {
                           "ratio": {"type": "number", "minimum": 0, "maximum": 1},
                           "temp": {"type": "number", "exclusiveMinimum": -273.15, "exclusiveMaximum": 100.5},
                           "n": {"type": "integer", "exclusiveMinimum": 10, "exclusiveMaximum": 1000},
                           "big": {"type": "integer", "minimum": -99999, "maximum": 123456789},
                           "neg": {"type": "integer", "maximum": -7},
                           "pos": {"type": "number", "minimum": 2.5}},
                         "required": ["ratio", "temp", "n", "big", "neg", "pos"]}""",
                        List.of("{\"ratio\":0.5,\"temp\":-273,\"n\":11,\"big\":123456789,\"neg\":-7,\"pos\":3}",
                                "{\"ratio\":1,\"temp\":99.999,\"n\":999,\"big\":-99999,\"neg\":-1000000,\"pos\":1000.125}")),
                new Entry("strings with lengths, formats and patterns", """
                        {"type": "object",
                         "properties": {
                           "code": {"type": "string", "minLength": 2, "maxLength": 3},
                           "date": {"type": "string", "format": "date"},
                           "time": {"type": "string", "format": "time"},
                           "any": {"type": "string"},
                           "contains": {"type": "string", "pattern": "ab+c"},
                           "email_like": {"type": "string", "pattern": "^[a-z]+@[a-z]+\\\\.(com|org)$"},
                           "quoted": {"type": "string", "pattern": "^\\"[^\\"]*\\"\\\\\\\\$"},
                           "words": {"type": "string", "pattern": "^\\\\w+(\\\\s\\\\S+)*$"}},
                         "required": ["code", "date", "time", "any", "contains", "email_like", "quoted", "words"]}""",
                        List.of("{\"code\":\"\u00e9\u4e2d\",\"date\":\"2024-12-31\",\"time\":\"08:30:00-05:00\",\"any\":\"\","
                                + "\"contains\":\"xxabbbcyy\",\"email_like\":\"bob@example.org\",\"quoted\":\"\\\"hi\\\"\\\\\","
                                + "\"words\":\"one two! three\"}")),
                new Entry("the empty schema", "{}", List.of("null", "{\"a\":[1,{\"b\":\"c\"}]}", "\"s\"", "-1.5e3")),
                new Entry("the schema true", "true", List.of("[]", "false")),
                new Entry("any object", """
                        {"type": "object"}""", List.of("{}", "{\"k\":{\"n\":[true,null]}}")),
                new Entry("a map of integers", """
                        {"type": "object", "additionalProperties": {"type": "integer"}}""",
                        List.of("{}", "{\"a\":1,\"b\":-2}")),
                new Entry("a pydantic model with an optional nullable field", """
                        {"title": "User", "type": "object",
                         "properties": {
                           "name": {"title": "Name", "type": "string"},
                           "age": {"title": "Age", "anyOf": [{"type": "integer"}, {"type": "null"}], "default": null},
                           "roles": {"type": "array", "items": {"$ref": "#/$defs/Role"}, "default": []}},
                         "required": ["name"],
                         "$defs": {"Role": {"title": "Role", "type": "string", "enum": ["admin", "user"]}}}""",
                        List.of("{\"name\":\"ann\",\"age\":null,\"roles\":[\"admin\"]}", "{\"name\":\"bo\",\"age\":31}")),
                new Entry("required properties that are not declared", """
                        {"type": "object", "required": ["a", "b"], "properties": {"b": {"type": "boolean"}}}""",
                        List.of("{\"b\":true,\"a\":[1]}")),
                new Entry("a type array with constraints per type", """
                        {"type": ["integer", "string", "null"], "minimum": 3, "maxLength": 2}""",
                        List.of("3", "\"ab\"", "null")),
                new Entry("a $ref beside other keywords", """
                        {"$defs": {"base": {"type": "object", "properties": {"x": {"type": "integer"}}}},
                         "$ref": "#/$defs/base", "required": ["x"]}""",
                        List.of("{\"x\":5}")),
                new Entry("property names that need escaping", """
                        {"type": "object",
                         "properties": {"a\\"b": {"type": "string"}, "/~\u00e9": {"type": "integer"}, "": {"const": "empty"}},
                         "required": ["a\\"b", "/~\u00e9", ""]}""",
                        List.of("{\"a\\\"b\":\"\",\"/~\u00e9\":1,\"\":\"empty\"}")),
                new Entry("anyOf with overlapping branches", """
                        {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "string", "minLength": 2}, {"type": "integer"}]}""",
                        List.of("\"ab\"", "\"abcdef\"", "7")),
                new Entry("anyOf beside properties", """
                        {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
                         "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}""",
                        List.of("{\"a\":1}", "{\"b\":\"x\"}", "{\"a\":1,\"b\":\"x\"}")));
    }
}
