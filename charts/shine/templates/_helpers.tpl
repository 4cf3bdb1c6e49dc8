{{/* Names, labels and the facts every template shares. A service's context is (dict "root" $ "service" "<name>"). */}}

{{/* The release's name for a service: <release>-<service>. */}}
{{- define "shine.name" -}}
{{- printf "%s-%s" .root.Release.Name .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object of a service carries. */}}
{{- define "shine.labels" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: shine
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* What a service's Service, PDB and NetworkPolicy select. */}}
{{- define "shine.selector" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "shine.image" -}}
{{- $image := .root.Values.global.image -}}
{{- printf "%s/%s:%s" $image.registry .service $image.tag -}}
{{- end -}}

{{/*
  Shine's services: their ports, who may call them (the NetworkPolicies) and, for those with a
  database, the command that migrates it (the hook Jobs; tests/migrate-commands.test.ts runs each).
*/}}
{{- define "shine.services" -}}
palette: { grpcPort: 50052, httpPort: 9465, callers: [gateway, recommender] }
analysis: { grpcPort: 50051, httpPort: 9464, callers: [gateway, catalog], migrate: src/migrate.ts }
catalog: { grpcPort: 50053, httpPort: 9466, callers: [gateway, recommender], migrate: src/cli/migrate.ts }
recommender: { grpcPort: 50054, httpPort: 9467, callers: [gateway], migrate: src/migrate.ts }
gateway: { publicPort: 8080, httpPort: 9468, callers: [] }
{{- end -}}

{{/* One service's entry of shine.services, as a map. */}}
{{- define "shine.ports" -}}
{{- index (fromYaml (include "shine.services" .root)) .service | toYaml -}}
{{- end -}}

{{/* host:port of a service inside the release: headless, so grpc-js round-robins over its pods. */}}
{{- define "shine.address" -}}
{{- printf "%s:%v" (include "shine.name" .) (fromYaml (include "shine.ports" .)).grpcPort -}}
{{- end -}}

{{/* Whole CPUs in a quantity ("2" → 2, "500m" → 0): worker and thread counts follow the limit. */}}
{{- define "shine.wholeCpus" -}}
{{- $cpu := toString . -}}
{{- if hasSuffix "m" $cpu -}}{{- div (trimSuffix "m" $cpu | int) 1000 -}}{{- else -}}{{- $cpu | int -}}{{- end -}}
{{- end -}}

{{/* Requests = limits: predictable placement, and Guaranteed QoS where both match. */}}
{{- define "shine.resources" -}}
requests:
  cpu: {{ .cpu | quote }}
  memory: {{ .memory | quote }}
limits:
  cpu: {{ .cpu | quote }}
  memory: {{ .memory | quote }}
{{- end -}}

{{/* The Secret holding one DATABASE_URL per service database: the dev PostgreSQL's, or the platform's. */}}
{{- define "shine.postgresSecret" -}}
{{- if .Values.dev.postgres.enabled -}}
{{- printf "%s-postgres" .Release.Name -}}
{{- else -}}
{{- .Values.global.postgres.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Kafka's bootstrap brokers: the dev broker's, or the platform's. */}}
{{- define "shine.kafkaBrokers" -}}
{{- if .Values.dev.kafka.enabled -}}
{{- printf "%s-kafka:9092" .Release.Name -}}
{{- else -}}
{{- .Values.global.kafka.brokers -}}
{{- end -}}
{{- end -}}
