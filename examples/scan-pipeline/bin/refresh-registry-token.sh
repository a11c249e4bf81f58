#!/bin/sh
# Writes a fresh ECR pull token into the cluster's docker-registry Secret (the guide's CronJob script, without
# installing kubectl on every run: the Tock worker node has aws and kubectl, with RBAC for that one Secret).
set -eu
token=$(aws ecr get-login-password --region "$AWS_DEFAULT_REGION")
kubectl create secret docker-registry ecr-registry-secret \
  --docker-server="$ECR_REGISTRY" --docker-username=AWS --docker-password="$token" \
  --namespace="$K8S_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
echo "ECR token refreshed for $TOCK_NOMINAL_TIME"
