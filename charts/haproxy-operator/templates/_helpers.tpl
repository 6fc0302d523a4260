{{/* The chart's name, or nameOverride. */}}
{{- define "haproxy-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name (or fullnameOverride), cut to the 63 characters a label value allows. */}}
{{- define "haproxy-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "haproxy-operator.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The operator's image: by digest when image.digest is set (the tag then only documents it). */}}
{{- define "haproxy-operator.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "haproxy-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "haproxy-operator.name" . }}
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
