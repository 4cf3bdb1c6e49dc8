{{/* The dev PostgreSQL and Kafka: a StatefulSet's data volume, an emptyDir unless persistence is on. */}}

{{/* The volume for data when persistence is off (a volumeClaimTemplate provides it when on). */}}
{{- define "shine.devDataVolume" -}}
{{- if not .persistence.enabled -}}
- name: data
  emptyDir: {}
{{- end -}}
{{- end -}}

{{- define "shine.devVolumeClaimTemplates" -}}
{{- if .persistence.enabled -}}
volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      {{- with .persistence.storageClass }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ .persistence.size }}
{{- end -}}
{{- end -}}

{{/* The official images run as their own unprivileged users: postgres (999) and appuser (1000). */}}
{{- define "shine.devPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}
