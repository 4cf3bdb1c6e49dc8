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

{{/* Non-root, read-only, nothing kept of root's powers: every pod. */}}
{{- define "shine.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "shine.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
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

{{/* Whole CPUs in a quantity ("2" → 2, "500m" → 0): worker and thread counts follow the limit. */}}
{{- define "shine.wholeCpus" -}}
{{- $cpu := toString . -}}
{{- if hasSuffix "m" $cpu -}}{{- div (trimSuffix "m" $cpu | int) 1000 -}}{{- else -}}{{- $cpu | int -}}{{- end -}}
{{- end -}}

{{/* Shine's services, their ports, and who may call them (for the NetworkPolicies). */}}
{{- define "shine.services" -}}
palette: { grpcPort: 50052, httpPort: 9465, callers: [gateway, recommender] }
analysis: { grpcPort: 50051, httpPort: 9464, callers: [gateway, catalog] }
catalog: { grpcPort: 50053, httpPort: 9466, callers: [gateway, recommender] }
recommender: { grpcPort: 50054, httpPort: 9467, callers: [gateway] }
gateway: { publicPort: 8080, httpPort: 9468, callers: [] }
{{- end -}}

{{/* host:port of a service inside the release: headless, so grpc-js round-robins over its pods. */}}
{{- define "shine.address" -}}
{{- $ports := fromYaml (include "shine.services" .root) -}}
{{- printf "%s:%v" (include "shine.name" .) (index $ports .service).grpcPort -}}
{{- end -}}

{{/* Each service's own settings, on top of the ones every service gets. */}}
{{- define "shine.env" -}}
{{- $root := .root -}}
{{- $global := $root.Values.global -}}
{{- $secret := $global.postgres.existingSecret -}}
{{- if eq .service "analysis" }}
{{- $workers := max 1 (include "shine.wholeCpus" $root.Values.analysis.resources.cpu | int) }}
- { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: {{ $secret }}, key: analysis } } }
- { name: ANALYSIS_WORKERS, value: {{ $workers | quote }} }
- { name: ANALYSIS_QUEUE_LIMIT, value: {{ mul $workers $root.Values.analysis.queuePerWorker | quote }} }
- { name: KAFKA_BROKERS, value: {{ $global.kafka.brokers | quote }} }
{{- else if eq .service "catalog" }}
- { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: {{ $secret }}, key: catalog } } }
- { name: ANALYSIS_ADDRESS, value: {{ include "shine.address" (dict "root" $root "service" "analysis") | quote }} }
- { name: SEED_WHEN_EMPTY, value: "false" }
{{- else if eq .service "recommender" }}
- { name: DATABASE_URL, valueFrom: { secretKeyRef: { name: {{ $secret }}, key: recommender } } }
- { name: PALETTE_ADDRESS, value: {{ include "shine.address" (dict "root" $root "service" "palette") | quote }} }
- { name: CATALOG_ADDRESS, value: {{ include "shine.address" (dict "root" $root "service" "catalog") | quote }} }
- { name: KAFKA_BROKERS, value: {{ $global.kafka.brokers | quote }} }
{{- else if eq .service "gateway" }}
- { name: GATEWAY_PORT, value: "8080" }
- { name: GATEWAY_THREADS, value: {{ max 1 (include "shine.wholeCpus" $root.Values.gateway.resources.cpu | int) | quote }} }
{{- range $upstream := list "analysis" "palette" "catalog" "recommender" }}
- { name: {{ upper $upstream }}_ADDRESS, value: {{ include "shine.address" (dict "root" $root "service" $upstream) | quote }} }
{{- end }}
{{- end }}
{{- end -}}
