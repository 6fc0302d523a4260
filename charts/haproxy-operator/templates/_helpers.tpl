{{/* The release's full name, cut to the 63 characters a label value allows. */}}
{{- define "haproxy-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "haproxy-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "haproxy-operator.labels" -}}
{{ include "haproxy-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "haproxy-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "haproxy-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The namespaces watched when not cluster-wide: the release namespace first, then the extra ones. */}}
{{- define "haproxy-operator.watchedNamespaces" -}}
{{- $namespaces := list .Release.Namespace -}}
{{- range .Values.watch.namespaces -}}
{{- if not (has . $namespaces) -}}{{- $namespaces = append $namespaces . -}}{{- end -}}
{{- end -}}
{{- join "," $namespaces -}}
{{- end -}}
