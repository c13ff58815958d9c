{{/* The release's prefix of every name. */}}
{{- define "strata.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of a service's objects: <fullname>-<service> ("ctx" = root, "name" = service). */}}
{{- define "strata.name" -}}
{{- printf "%s-%s" (include "strata.fullname" .ctx) .name -}}
{{- end -}}

{{- define "strata.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
app.kubernetes.io/part-of: strata
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
{{ include "strata.selectorLabels" . }}
{{- end -}}

{{- define "strata.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}-service
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{/* A service's settings: the defaults, overridden by the service's own (a dict). */}}
{{- define "strata.config" -}}
{{- $svc := index .ctx.Values.services .name -}}
{{- toYaml (mergeOverwrite (deepCopy .ctx.Values.defaults) (deepCopy $svc)) -}}
{{- end -}}

{{- define "strata.image" -}}
{{- $tag := .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry .cfg.repository $tag -}}
{{- end -}}

{{- define "strata.serviceAccountName" -}}
{{- include "strata.name" . -}}
{{- end -}}

{{/* Who calls a service, from the code's channels (see local-stack/lib/mtls.sh): over HTTP the
gateway proxies to every service and every service reads identity's JWKS; over gRPC the gateway
calls identity (API keys), workflow (schemas, GraphQL), analytics (GraphQL) and notification
(GraphQL subscriptions), and analytics calls ml (embeddings). */}}
{{- define "strata.httpCallers" -}}
{{- if eq . "identity" -}}gateway workflow analytics ml notification{{- else if eq . "gateway" -}}{{- else -}}gateway{{- end -}}
{{- end -}}
{{- define "strata.grpcCallers" -}}
{{- if has . (list "identity" "workflow" "notification") -}}gateway{{- else if eq . "analytics" -}}gateway ml{{- else if eq . "ml" -}}analytics workflow{{- end -}}
{{- end -}}

{{/* What a service calls: the other services (HTTP + gRPC) and its stores. */}}
{{- define "strata.callees" -}}
{{- if eq . "gateway" -}}identity workflow analytics ml notification{{- else if eq . "identity" -}}{{- else if eq . "analytics" -}}identity ml{{- else if eq . "ml" -}}identity analytics{{- else if eq . "workflow" -}}identity ml{{- else -}}identity{{- end -}}
{{- end -}}
{{- define "strata.stores" -}}
{{- $m := dict "gateway" "redis" "identity" "postgres kafka" "workflow" "postgres kafka" "analytics" "elasticsearch kafka" "ml" "redis s3 kafka" "notification" "postgres kafka" -}}
{{- index $m . -}}
{{- end -}}
{{/* Services that call the internet (webhooks, workflow HTTP steps). */}}
{{- define "strata.internet" -}}
{{- if has . (list "workflow" "notification") -}}true{{- end -}}
{{- end -}}

{{- define "strata.spiffeId" -}}
{{- printf "spiffe://%s/ns/%s/sa/%s-service" .ctx.Values.mtls.trustDomain .ctx.Release.Namespace .name -}}
{{- end -}}

{{- define "strata.spiffeIds" -}}
{{- $ctx := .ctx -}}
{{- $ids := list -}}
{{- range $n := splitList " " .names -}}{{- if $n -}}{{- $ids = append $ids (include "strata.spiffeId" (dict "ctx" $ctx "name" $n)) -}}{{- end -}}{{- end -}}
{{- join "," $ids -}}
{{- end -}}

{{/* The URL of a service's own port, as another service calls it. */}}
{{- define "strata.url" -}}
{{- $cfg := index .ctx.Values.services .name -}}
{{- $scheme := ternary "https" "http" (and .ctx.Values.mtls.enabled (ne .name "gateway")) -}}
{{- printf "%s://%s:%v" $scheme (include "strata.name" .) $cfg.httpPort -}}
{{- end -}}

{{/* The port of a URL (the scheme's default when it names none). */}}
{{- define "strata.urlPort" -}}
{{- $u := urlParse . -}}
{{- $hp := splitList ":" $u.host -}}
{{- if gt (len $hp) 1 -}}{{ last $hp }}{{- else if eq $u.scheme "https" -}}443{{- else -}}80{{- end -}}
{{- end -}}

{{/* The ports of the stores a service uses, space-separated. */}}
{{- define "strata.storePorts" -}}
{{- $v := .ctx.Values.stores -}}
{{- $ports := list -}}
{{- range $store := splitList " " (include "strata.stores" .name) -}}
{{- if eq $store "postgres" -}}{{- $ports = append $ports (toString $v.postgres.port) -}}
{{- else if eq $store "redis" -}}{{- $ports = append $ports (toString $v.redis.port) -}}
{{- else if eq $store "kafka" -}}{{- range $bs := splitList "," $v.kafka.bootstrapServers -}}{{- $ports = append $ports (last (splitList ":" (trim $bs))) -}}{{- end -}}
{{- else if eq $store "elasticsearch" -}}{{- range $u := splitList "," $v.elasticsearch.uris -}}{{- $ports = append $ports (include "strata.urlPort" (trim $u)) -}}{{- end -}}
{{- else if eq $store "s3" -}}{{- $ports = append $ports (include "strata.urlPort" $v.s3.endpoint) -}}
{{- end -}}
{{- end -}}
{{- join " " (uniq $ports) -}}
{{- end -}}
