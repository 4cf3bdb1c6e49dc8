{{/*
  Objects that are the same for every service but for its name and values: each service's folder
  has one file per kind that includes one of these, so none is pasted five times.
*/}}

{{/*
  A gRPC service's Service is headless: HTTP/2 keeps one connection per peer, which kube-proxy
  balances only once, so the callers (grpc-js, round_robin over every address DNS gives) balance
  each call across the pods themselves. The side port is for Prometheus.
*/}}
{{- define "shine.grpcService" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "shine.name" . }}
  labels: {{- include "shine.labels" . | nindent 4 }}
spec:
  clusterIP: None
  ports:
    - { name: grpc, port: {{ $ports.grpcPort }}, targetPort: grpc, appProtocol: grpc }
    - { name: side, port: {{ $ports.httpPort }}, targetPort: side }
  selector: {{- include "shine.selector" . | nindent 4 }}
{{- end -}}

{{/* One identity per service; none talks to the Kubernetes API, so no token is mounted. */}}
{{- define "shine.serviceAccount" -}}
{{- $values := index .root.Values .service -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "shine.name" . }}
  labels: {{- include "shine.labels" . | nindent 4 }}
  {{- with $values.serviceAccount.annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}

{{/* Scales on CPU between the service's bounds. */}}
{{- define "shine.horizontalPodAutoscaler" -}}
{{- $autoscaling := (index .root.Values .service).autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "shine.name" . }}
  labels: {{- include "shine.labels" . | nindent 4 }}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: {{ include "shine.name" . }} }
  minReplicas: {{ $autoscaling.minReplicas }}
  maxReplicas: {{ $autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: {{ $autoscaling.targetCPUUtilizationPercentage }} }
{{- end -}}

{{/*
  Voluntary disruptions (drains, upgrades) take at most maxUnavailable pods at a time: with two or
  more replicas one keeps serving; with one, a drain is still allowed rather than blocked forever.
*/}}
{{- define "shine.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "shine.name" . }}
  labels: {{- include "shine.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ (index .root.Values .service).pdb.maxUnavailable }}
  selector:
    matchLabels: {{- include "shine.selector" . | nindent 6 }}
{{- end -}}

{{/*
  Prometheus Operator scrapes the side port's /metrics. honorLabels keeps the `service` label each
  service sets on its metrics ("analysis"), as outside Kubernetes, rather than the Service's name.
*/}}
{{- define "shine.serviceMonitor" -}}
{{- $monitor := .root.Values.monitoring.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "shine.name" . }}
  labels:
    {{- include "shine.labels" . | nindent 4 }}
    {{- with $monitor.labels }}{{ toYaml . | nindent 4 }}{{ end }}
spec:
  selector:
    matchLabels: {{- include "shine.selector" . | nindent 6 }}
  endpoints:
    - port: side
      path: /metrics
      interval: {{ $monitor.interval }}
      honorLabels: true
{{- end -}}

{{/*
  Applies the service's pending migrations before the new pods roll (the services also migrate at
  start, under the same advisory lock, so a pod never runs on an older schema). Safe to re-run:
  applied migrations are recorded and skipped. With PostgreSQL external it runs pre-install; with
  the dev PostgreSQL, which is part of the release and does not exist yet before it, post-install.
  The default ServiceAccount (the service's own is not created yet) with no token.
*/}}
{{- define "shine.migrationsJob" -}}
{{- $ports := fromYaml (include "shine.ports" .) -}}
{{- $migrations := .root.Values.migrations -}}
{{- $job := dict "root" .root "service" (printf "%s-migrations" .service) -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shine.name" $job }}
  labels: {{- include "shine.labels" $job | nindent 4 }}
  annotations:
    helm.sh/hook: {{ .root.Values.dev.postgres.enabled | ternary "post-install,pre-upgrade" "pre-install,pre-upgrade" }}
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $migrations.backoffLimit }}
  activeDeadlineSeconds: {{ $migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels: {{- include "shine.labels" $job | nindent 8 }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext: {{- include "shine.podSecurityContext" . | nindent 8 }}
      containers:
        - name: migrations
          image: {{ include "shine.image" . }}
          imagePullPolicy: {{ .root.Values.global.image.pullPolicy }}
          command: [node, {{ $ports.migrate }}]
          env: {{- include "shine.databaseUrlEnv" . | nindent 12 }}
          resources: {{- include "shine.resources" $migrations.resources | nindent 12 }}
          securityContext: {{- include "shine.containerSecurityContext" . | nindent 12 }}
          volumeMounts: {{- include "shine.tmpVolumeMount" . | nindent 12 }}
      volumes: {{- include "shine.tmpVolume" . | nindent 8 }}
{{- end -}}
