//! The intermediate representation: plain data between `lower` and `emit`.
//!
//! Names are final Rust identifiers ([`Ident`], made only by `names`), stored beside the wire names they
//! came from. Every node that a
//! diagnostic could blame carries its `origin` pointer. Collections are `Vec`s in a fixed order, so
//! iterating the IR is deterministic.

use crate::diag::Pointer;
use crate::names::Ident;

/// One API: everything generated from one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module name, from the spec file's stem (`cyclos`).
    pub module: Ident,
    /// The spec file as named on the command line, for headers and docs.
    pub spec_file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Whether the module gets a `mock` module (a fake server for tests), an output option.
    pub mock: bool,
    /// The crate's name as a path (`my_client`), when the operations' docs get example calls that
    /// compile as doc tests; `None` where the module's place is not known (a module file).
    pub doc_crate: Option<String>,
    /// `info.license`, as an SPDX expression (`identifier`, or a `name` that is one), if the spec gives one.
    pub license: Option<String>,
    /// `servers[*].url`, variables substituted with their defaults; the first is the default base URL.
    pub servers: Vec<Server>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by method name.
    pub operations: Vec<Operation>,
    /// The error enums the operations name, sorted by name; operations whose documented error
    /// responses are the same `components/responses` entries share one.
    pub error_sets: Vec<ErrorSet>,
    /// The structs of documented response headers, sorted by name; responses that document the
    /// same headers share one.
    pub header_sets: Vec<HeaderSet>,
    /// The security schemes any operation uses, sorted by spec key.
    pub security_schemes: Vec<SecurityScheme>,
    /// The generated crate's features this API needs for its formats (`_decimal`, `_base64`,
    /// `_uuid`), sorted.
    pub cargo_features: Vec<&'static str>,
}

/// A named Rust type made from a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The schema it came from.
    pub origin: Pointer,
    /// Rust type name, UpperCamelCase.
    pub name: Ident,
    /// The schema's title and description.
    pub docs: Docs,
    /// The schema's `example`, shown as JSON in the docs.
    pub example: Option<serde_json::Value>,
    /// What shape of type.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A closed set of strings, plus a catch-all for values this client does not know.
    StringEnum(Vec<EnumVariant>),
    /// A closed set of integers, plus a catch-all for values this client does not know.
    IntEnum(IntEnum),
    /// One of several shapes, tried in order.
    OneOf(Vec<OneOfVariant>),
    /// One of several objects, chosen by the value of a discriminator property.
    Tagged(Tagged),
    /// Another name for a type (a top-level schema that is a string, an array, a map...).
    Alias(TypeRef),
    /// A response body that decodes into a different type per media type (variants `Json`, `Text`, `Bytes`).
    MediaUnion(Vec<OneOfVariant>),
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties, sorted by wire name: the output must not depend on the order of the spec's keys
    /// (a mapping's order is not part of its meaning).
    pub fields: Vec<Field>,
    /// The value type of `additionalProperties`, when the object has known properties and also takes others.
    pub additional: Option<TypeRef>,
    /// Groups of properties of which at most one may be set (`not: { required: [a, b] }`).
    pub exclusive: Vec<ExclusiveGroup>,
    /// True when every field has a value without input, so `Default` can be derived.
    pub all_optional: bool,
    /// True when the struct gets `new` (with its required fields as arguments): when a request
    /// takes it, directly or inside another type, or when the crate has test servers, whose
    /// responses the user builds.
    pub constructor: bool,
    /// The struct's type parameter, when it stands for several schemas that are the same object but
    /// for one named type (each of them is an alias of it, `DiskResultsPage = ResultsPage<Disk>`);
    /// its fields hold [`TypeRef::Param`] where those schemas differ.
    pub param: Option<Ident>,
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property's schema.
    pub origin: Pointer,
    /// Rust field name, snake_case.
    pub name: Ident,
    /// The JSON property name.
    pub wire_name: String,
    /// The value's type, before `Option`.
    pub ty: TypeRef,
    /// How presence and absence are represented.
    pub presence: Presence,
    /// True when the type refers back to the struct holding it and must be boxed.
    pub boxed: bool,
    /// The property's description.
    pub docs: Docs,
}

/// How a field's presence is represented.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// Required and not nullable: the plain type.
    Required,
    /// Required but nullable: `Option`, serialized as `null` when `None`.
    RequiredNullable,
    /// Not required: `Option`, left out when `None`.
    Optional,
    /// Not required with a default: the plain type, filled with the default when absent.
    Defaulted(Literal),
}

/// A default value that Rust can write as a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A variant of a string enum (type name, variant name).
    EnumVariant(Ident, Ident),
}

/// Properties of which at most one may be set; modelled as one optional enum field.
#[derive(Debug, Clone, PartialEq)]
pub struct ExclusiveGroup {
    /// The `not` schema that says so.
    pub origin: Pointer,
    /// The Rust field name of the enum field (`error_or_response`).
    pub field_name: Ident,
    /// The Rust enum type name (`OperationErrorOrResponse`).
    pub enum_name: Ident,
    /// The member properties, moved out of `Struct::fields`.
    pub members: Vec<ExclusiveMember>,
}

/// One property of an exclusive group.
#[derive(Debug, Clone, PartialEq)]
pub struct ExclusiveMember {
    /// The enum variant name.
    pub variant: Ident,
    /// The field as it would have been.
    pub field: Field,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: Ident,
    /// The string on the wire.
    pub wire: String,
    /// What the value means, when the spec says (the description of a `oneOf` alternative that
    /// allows only this value).
    pub docs: Docs,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    /// The known values.
    pub variants: Vec<IntVariant>,
    /// The catch-all variant holding a value this client does not know.
    pub unknown: Ident,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    /// Rust variant name.
    pub name: Ident,
    /// The number on the wire.
    pub value: i64,
}

/// One alternative of a `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// Rust variant name.
    pub name: Ident,
    /// The alternative's type.
    pub ty: TypeRef,
    /// True when the type refers back to the enum and must be boxed.
    pub boxed: bool,
}

/// A union chosen by a discriminator: `oneOf`/`anyOf` with `discriminator`, or the subtypes of an
/// `allOf` hierarchy whose base has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The discriminator property, as on the wire.
    pub property: String,
    /// The known alternatives.
    pub variants: Vec<TaggedVariant>,
    /// The catch-all variant that keeps an unknown (or missing) tag's object as JSON.
    pub unknown: Ident,
}

/// One alternative of a [`Tagged`] union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// Rust variant name.
    pub name: Ident,
    /// The discriminator values that select it; the first is written when encoding a value whose
    /// own property does not already hold one of them.
    pub tags: Vec<String>,
    /// The alternative's type (an object); `None` when the object holds nothing but the tag, so
    /// the variant is a unit variant.
    pub ty: Option<TypeRef>,
    /// The alternative's description, for an inline alternative.
    pub docs: Docs,
    /// True when the type refers back to the union and must be boxed.
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A secret string: `Debug` prints `***`.
    Secret,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// An RFC 3339 timestamp.
    DateTime,
    /// An RFC 3339 full date.
    Date,
    /// Any JSON value.
    Json,
    /// A decimal number that keeps every digit (`format: decimal`), a JSON number on the wire.
    Decimal,
    /// A UUID (`format: uuid`).
    Uuid,
    /// Bytes as base64 text (`format: byte`).
    Base64,
    /// A value sent as a JSON string (`type: string, format: int64`, `decimal`...).
    Text(Box<TypeRef>),
    /// A fixed-length JSON array of these types (3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// Raw bytes (request and response bodies of non-JSON, non-text media types).
    Bytes,
    /// A named type of this API.
    Named(Ident),
    /// A JSON array.
    List(Box<TypeRef>),
    /// A JSON object used as a map from strings.
    Map(Box<TypeRef>),
    /// A value that may be `null` (inside arrays and maps; fields use `Presence`).
    Nullable(Box<TypeRef>),
    /// A generic struct of this API (one whose [`Struct::param`] is set) given its argument:
    /// `ResultsPage<Disk>`.
    Generic(Ident, Box<TypeRef>),
    /// The type parameter of the generic struct whose field this is.
    Param(Ident),
}

/// Doc text taken from the spec.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// One line: `summary` or `title`.
    pub summary: Option<String>,
    /// Longer text: `description`.
    pub description: Option<String>,
    /// Extra lines we add (defaults, formats, the HTTP request line).
    pub notes: Vec<String>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `/paths/~1pets/get`.
    pub origin: Pointer,
    /// The method name, snake_case.
    pub name: Ident,
    /// The prefix of this operation's type names, UpperCamelCase.
    pub type_name: Ident,
    /// The error enum (in `Api::error_sets`) its documented non-success responses decode into.
    pub error_set: Ident,
    /// Its request builder in the client module (`AuthRequest`, or `AuthRequestBuilder` when a type
    /// has that name).
    pub request_name: Ident,
    /// Its enum of successes, when it documents several (`GetPetResponse`, or `GetPetSuccess`).
    pub response_name: Ident,
    /// When `error_set` is an alias the client module declares (`GetPetError`): the shared enum it
    /// names, whose own name (every `components/responses` key it holds, joined) is too long to
    /// read in signatures.
    pub shared_error: Option<Ident>,
    /// The struct (in `Api::header_sets`) of the headers its successes document, which
    /// `send_with_headers` returns; `None` when they document none, or the success is a sequence.
    pub success_headers: Option<Ident>,
    /// The HTTP method, upper case (`GET`).
    pub http_method: String,
    /// The path template as written (`/{user}/passwords`).
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Parameters: required ones first (path parameters in template order), then optional ones.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Documented responses, sorted by status.
    pub responses: Vec<Response>,
    /// Alternatives of credentials: any one inner list, all of its schemes together.
    pub security: Vec<Vec<String>>,
    /// How a success is streamed, if it can be: a sequence (events, JSON lines) is only streamed,
    /// a binary body is also read whole by `send`.
    pub stream: Option<Stream>,
    /// Summary, description and notes.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// The index of a path parameter in `Operation::params`.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    /// What a parameter in this location is called in docs and diagnostics: `query parameter`.
    pub fn describe(self) -> &'static str {
        match self {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The parameter object.
    pub origin: Pointer,
    /// The spec's example value (`example`, the first of `examples`, or its schema's), for docs.
    pub example: Option<serde_json::Value>,
    /// Rust argument or builder method name.
    pub name: Ident,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Required parameters are positional arguments.
    pub required: bool,
    /// OpenAPI's `explode`, with its default for the style: lists and objects written as one pair per
    /// item or property (`true`), or as one delimited value (`false`).
    pub explode: bool,
    /// OpenAPI's `style`, with its default for the location.
    pub style: ParamStyle,
    /// What the value is, which decides the writer.
    pub shape: ParamShape,
    /// Its description and default.
    pub docs: Docs,
}

/// How a parameter is laid out (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a,b`: path and header.
    Simple,
    /// `.a`: path.
    Label,
    /// `;name=a`: path.
    Matrix,
    /// `name=a`: query and cookie.
    Form,
    /// `name=a%20b`: query.
    SpaceDelimited,
    /// `name=a%7Cb`: query.
    PipeDelimited,
    /// `name[k]=v`: query.
    DeepObject,
}

/// The kind of value a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamShape {
    /// One scalar.
    Scalar,
    /// A list of scalars.
    List,
    /// An object (or map) whose properties are scalars.
    Object,
    /// Anything else in a query (a list of objects, nested objects), which OpenAPI leaves
    /// undefined: sent as JSON text, with a warning.
    Json,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The request body object.
    pub origin: Pointer,
    /// The spec's example of the first media type (or of its schema), for docs.
    pub example: Option<serde_json::Value>,
    /// A required body is a positional argument; an optional one a builder method.
    pub required: bool,
    /// The body's type (the schema of its first media type).
    pub ty: TypeRef,
    /// The media types offered, JSON first, then form, text and bytes, by name within each; the first
    /// is the default.
    pub encodings: Vec<BodyEncoding>,
    /// What the caller passes: the body's model, bytes or a stream, or a multipart form.
    pub value: BodyValue,
    /// When media types with other schemas are offered too: every one of them, the preferred first,
    /// as the variants of the body enum `choice`.
    pub alternatives: Vec<BodyAlternative>,
    /// The body enum's name, when there are alternatives.
    pub choice: Option<Ident>,
    /// The body's description.
    pub docs: Docs,
}

/// One media type of a request body whose media types have different schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyAlternative {
    /// The body enum's variant.
    pub variant: Ident,
    /// The media type and its encoder.
    pub encoding: BodyEncoding,
    /// The value's type.
    pub ty: TypeRef,
    /// What the caller passes.
    pub value: BodyValue,
}

/// What a caller passes as a request body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyValue {
    /// A value of the body's type, encoded as its media type says.
    Model,
    /// Bytes or a stream (`runtime::Binary`).
    Binary,
    /// A `multipart/form-data` form: one part per property.
    Multipart(Multipart),
}

/// A multipart form body: a struct with one field per part.
#[derive(Debug, Clone, PartialEq)]
pub struct Multipart {
    /// The form struct's name.
    pub name: Ident,
    /// The parts, in the order of the schema's fields.
    pub parts: Vec<FormPart>,
}

/// One part (or repeated parts) of a multipart form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The field name.
    pub name: Ident,
    /// The part's name as sent.
    pub wire_name: String,
    /// How it is written.
    pub kind: PartKind,
    /// The value's type (`Bytes` for files).
    pub ty: TypeRef,
    /// A required part is a plain field; an optional one an `Option`.
    pub required: bool,
    /// The part's content type: `encoding.contentType`, or the default for its kind.
    pub content_type: String,
    /// The property's description.
    pub docs: Docs,
}

/// How a multipart part is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A scalar as a text part.
    Text,
    /// A list of scalars as repeated text parts.
    TextList,
    /// A file: bytes or a stream, with a file name and content type.
    File,
    /// Files as repeated parts.
    FileList,
    /// Anything else as a JSON part.
    Json,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyEncoding {
    /// The media type as the spec writes it.
    pub media_type: String,
    /// The encoder.
    pub kind: MediaKind,
    /// For a form (`application/x-www-form-urlencoded`): the fields its `encoding` gives a style,
    /// in spec order; the others are written exploded, `form` style (`a=1&a=2`).
    pub form_styles: Vec<FormStyle>,
}

/// How one field of a form body is written (`encoding.style` and `encoding.explode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormStyle {
    /// The field's name.
    pub name: String,
    /// `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
    pub style: ParamStyle,
    /// Lists and objects as one field per item (`a=1&a=2`) rather than one field (`a=1,2`).
    pub explode: bool,
}

/// The families of media types apigen knows how to encode and decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaKind {
    /// `application/json` and any `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Bytes,
    /// `multipart/form-data`.
    Multipart,
}

/// When a response applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (the digit).
    Range(u16),
    /// `default`: any status not listed.
    Default,
}

impl StatusMatch {
    /// True for statuses that count as success: 2xx codes and `2XX`.
    pub fn is_success(&self) -> bool {
        matches!(self, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
    }
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The response object.
    pub origin: Pointer,
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Rust variant name (`Ok`, `NotFound`, `Status418`).
    pub variant: Ident,
    /// The body type: `None` for no body.
    pub ty: Option<TypeRef>,
    /// Media types, in the order of `Body::encodings`; all decode into `ty`.
    pub media: Vec<BodyEncoding>,
    /// How the body is read: all but the last reader are chosen by the response's content type,
    /// the last one reads whatever else comes.
    pub readers: Vec<Reader>,
    /// The name of the `components/responses` entry it came from, if it came from one.
    pub component: Option<String>,
    /// The documented headers (`Content-Type` aside), by name.
    pub headers: Vec<ResponseHeader>,
    /// In an error set, the struct (in `Api::header_sets`) its headers are read into.
    pub header_set: Option<Ident>,
    /// When the body is a sequence read as it arrives (`text/event-stream`, JSON lines): how, and
    /// the type of each item.
    pub sequence: Option<(StreamKind, TypeRef)>,
    /// The response's description.
    pub docs: Docs,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header object.
    pub origin: Pointer,
    /// The Rust field name.
    pub name: Ident,
    /// The header's name.
    pub wire_name: String,
    /// Its type: a scalar, or a list of scalars (comma-separated).
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// Its description.
    pub docs: Docs,
}

/// A response body read as it arrives rather than whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// Raw bytes (`send_stream`, beside the buffered `send`).
    Bytes,
    /// Server-sent events whose `data` is JSON.
    JsonEvents,
    /// Server-sent events whose `data` is text.
    TextEvents,
    /// One JSON item per line (`application/x-ndjson`, `application/jsonl`, `application/json-seq`).
    JsonLines,
}

/// How an operation's success is streamed.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// How the body is read.
    pub kind: StreamKind,
    /// The type of each item (`Bytes` for raw bytes).
    pub item: TypeRef,
    /// The success statuses whose body is streamed.
    pub statuses: Vec<StatusMatch>,
}

/// One way of reading a response body, chosen by content type.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    /// The documented media types this reader is for (what `has_content_type` checks, and what a
    /// text reader accepts).
    pub media_types: Vec<String>,
    /// What reads the body.
    pub read: Read,
    /// When the response's type is a `MediaUnion`, the variant the value becomes.
    pub variant: Option<Ident>,
}

/// The readers the runtime has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// JSON into the body type.
    Json,
    /// UTF-8 text; `secret` wraps it in `Secret`.
    Text {
        /// The text is a secret.
        secret: bool,
    },
    /// The raw bytes.
    Bytes,
    /// No body: status and headers only.
    Empty,
}

/// An error enum: the documented non-success responses of one or more operations.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSet {
    /// The enum's name.
    pub name: Ident,
    /// The responses, sorted by status.
    pub responses: Vec<Response>,
    /// The operations that use it, in the order of `Api::operations`.
    pub operations: Vec<Ident>,
}

/// A struct of documented response headers.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderSet {
    /// The struct's name.
    pub name: Ident,
    /// The headers, in the order the first response using them documents them.
    pub headers: Vec<ResponseHeader>,
    /// What documents them, for its docs (``[`Client::get_pet`] successes``, ``the `unauthorized` response``).
    pub users: Vec<String>,
}

/// One of the spec's servers.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL with every variable at its default, without a trailing slash.
    pub url: String,
    /// The URL as the spec writes it, `{variables}` included.
    pub template: String,
    /// The server's description.
    pub description: Option<String>,
    /// Its variables, sorted by name (for the first server only: the others are constants).
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// True for an `http(s)://` URL; a relative one (`/api/v2`) is joined onto the caller's base URL.
    pub fn is_absolute(&self) -> bool {
        self.url.starts_with("http://") || self.url.starts_with("https://")
    }
}

/// A variable of the default server: a builder option.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The variable object.
    pub origin: Pointer,
    /// The builder method.
    pub name: Ident,
    /// The name in the URL template.
    pub wire_name: String,
    /// The spec's default.
    pub default: String,
    /// When the spec lists the values: the enum's name and its variants (the default among them).
    pub choices: Option<(Ident, Vec<EnumVariant>)>,
    /// The variable's description.
    pub description: Option<String>,
}

/// A way to authenticate.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme object.
    pub origin: Pointer,
    /// The key in `components/securitySchemes`.
    pub key: String,
    /// The Rust setter name on the client builder.
    pub name: Ident,
    /// The client's method that makes a client with another credential (`with_api_key`).
    pub with_method: Ident,
    /// The builder's setter for a `runtime::SecretProvider` (`api_key_provider`); `None` for basic
    /// credentials, which are two values.
    pub provider_setter: Option<Ident>,
    /// What it sends.
    pub kind: SecurityKind,
    /// The OAuth2 client-credentials flow, when the scheme declares one: the client fetches its
    /// bearer tokens itself.
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// The scheme's description.
    pub docs: Docs,
}

/// An OAuth2 `clientCredentials` flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// The spec's `tokenUrl`.
    pub token_url: String,
    /// The scopes the spec's operations ask of this scheme, sorted.
    pub scopes: Vec<String>,
    /// The builder's setter for the client id and secret (`oauth2_client_credentials`).
    pub setter: Ident,
    /// The builder's setter overriding the token URL (`oauth2_token_url`).
    pub token_url_setter: Ident,
    /// The builder's setter adding a token request parameter (`oauth2_token_parameter`).
    pub parameter_setter: Ident,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header (the header's name).
    ApiKeyHeader(String),
    /// An API key in the query string (the parameter's name).
    ApiKeyQuery(String),
    /// An API key in a cookie (the cookie's name).
    ApiKeyCookie(String),
    /// `Authorization: Basic`.
    Basic,
    /// `Authorization: Bearer` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
}

/// The crate features a type use needs (`format: decimal`, `byte`, `uuid` bring a dependency).
pub fn cargo_features(ty: &TypeRef, out: &mut std::collections::BTreeSet<&'static str>) {
    match ty {
        TypeRef::Decimal => {
            out.insert("_decimal");
        }
        TypeRef::Base64 => {
            out.insert("_base64");
        }
        TypeRef::Uuid => {
            out.insert("_uuid");
        }
        TypeRef::Text(inner) | TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => cargo_features(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| cargo_features(item, out)),
        TypeRef::Generic(_, arg) => cargo_features(arg, out),
        _ => {}
    }
}

/// Every type use of an API: in its types, parameters, bodies and responses.
pub fn each_type_use<'a>(types: &'a [TypeDef], operations: &'a [Operation], mut f: impl FnMut(&'a TypeRef)) {
    for def in types {
        each_use_in(&def.kind, &mut f);
    }
    for op in operations {
        op.params.iter().for_each(|p| f(&p.ty));
        if let Some(body) = &op.body {
            f(&body.ty);
            body.alternatives.iter().for_each(|a| f(&a.ty));
        }
        op.responses.iter().filter_map(|r| r.ty.as_ref()).for_each(&mut f);
        op.responses.iter().flat_map(|r| &r.headers).for_each(|h| f(&h.ty));
    }
}

/// The type uses of one definition: its fields, variants or aliased type.
pub fn each_use_in<'a>(kind: &'a TypeKind, mut f: impl FnMut(&'a TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in s.fields.iter().chain(s.exclusive.iter().flat_map(|g| g.members.iter().map(|m| &m.field))) {
                f(&field.ty);
            }
            if let Some(additional) = &s.additional {
                f(additional);
            }
        }
        TypeKind::OneOf(variants) | TypeKind::MediaUnion(variants) => variants.iter().for_each(|v| f(&v.ty)),
        TypeKind::Tagged(tagged) => tagged.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(&mut f),
        TypeKind::Alias(ty) => f(ty),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// `ty` with every part that `f` gives a replacement for replaced, at any depth.
pub fn replaced(ty: &TypeRef, f: &impl Fn(&TypeRef) -> Option<TypeRef>) -> TypeRef {
    if let Some(replacement) = f(ty) {
        return replacement;
    }
    let inner = |inner: &TypeRef| Box::new(replaced(inner, f));
    match ty {
        TypeRef::Text(t) => TypeRef::Text(inner(t)),
        TypeRef::List(t) => TypeRef::List(inner(t)),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(inner(t)),
        TypeRef::Tuple(items) => TypeRef::Tuple(items.iter().map(|item| replaced(item, f)).collect()),
        TypeRef::Generic(name, t) => TypeRef::Generic(name.clone(), inner(t)),
        other => other.clone(),
    }
}

/// `ty` with `arg` in place of the type parameter ([`TypeRef::Param`]).
pub fn substitute(ty: &TypeRef, arg: &TypeRef) -> TypeRef {
    replaced(ty, &|part| matches!(part, TypeRef::Param(_)).then(|| arg.clone()))
}

/// Every named type a type use mentions, at any depth.
pub fn each_name_in<'a>(ty: &'a TypeRef, f: &mut impl FnMut(&'a Ident)) {
    match ty {
        TypeRef::Named(name) => f(name),
        TypeRef::Generic(name, arg) => {
            f(name);
            each_name_in(arg, f);
        }
        TypeRef::Text(inner) | TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => each_name_in(inner, f),
        TypeRef::Tuple(items) => items.iter().for_each(|item| each_name_in(item, f)),
        _ => {}
    }
}

/// True when values of a type can be written as one path segment, query value or header value:
/// scalars, string enums, and aliases and unions of those. `types` resolves names; depth is bounded
/// so that a loop of aliases cannot recurse forever.
pub fn is_scalar(types: &[TypeDef], ty: &TypeRef) -> bool {
    is_scalar_at(types, ty, 0)
}

/// [`is_scalar`] for a named type's definition.
pub fn is_scalar_kind(types: &[TypeDef], kind: &TypeKind) -> bool {
    is_scalar_kind_at(types, kind, 0)
}

fn is_scalar_at(types: &[TypeDef], ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Secret
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Decimal
        | TypeRef::Uuid
        | TypeRef::Base64 => true,
        TypeRef::Text(inner) => is_scalar_at(types, inner, depth),
        TypeRef::Named(name) if depth < 16 => types.iter().any(|t| t.name == *name && is_scalar_kind_at(types, &t.kind, depth + 1)),
        _ => false,
    }
}

fn is_scalar_kind_at(types: &[TypeDef], kind: &TypeKind, depth: usize) -> bool {
    match kind {
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => true,
        TypeKind::Alias(inner) => is_scalar_at(types, inner, depth),
        TypeKind::OneOf(variants) => variants.iter().all(|v| !v.boxed && is_scalar_at(types, &v.ty, depth)),
        TypeKind::Struct(_) | TypeKind::MediaUnion(_) | TypeKind::Tagged(_) => false,
    }
}
