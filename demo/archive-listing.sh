# Sourced by demo/backup.sh and demo/tde/rotation.sh: list_archive prints the demo container's blobs as the Blob
# service lists them (List Blobs, with a token the Azure AD stand-in issues to the operator's identity), one line each:
# name, then the key and the key versions its metadata lists. Neither the client secret nor the token is printed.
list_archive() {
  local env="$STATE/keyvault-demo.env" tenant client token
  tenant=$(sed -n 's/^AZURE_TENANT_ID=//p' "$env")
  client=$(sed -n 's/^AZURE_CLIENT_ID=//p' "$env")
  token=$(curl -sS --cacert "$KEYROTATION_EXTRA_CA_FILE" "${AZURE_AUTHORITY_HOST%/}/$tenant/oauth2/v2.0/token" \
    --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$client" \
    --data-urlencode "client_secret=$(sed -n 's/^AZURE_CLIENT_SECRET=//p' "$env")" \
    --data-urlencode "scope=https://storage.azure.com/.default" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "demo FAILED: no token for the Blob service" >&2; return 1; }
  curl -sS --cacert "$KEYROTATION_EXTRA_CA_FILE" -H "Authorization: Bearer $token" -H "x-ms-version: 2021-12-02" \
      "$BLOB_CONTAINER_URL?restype=container&comp=list&include=metadata" \
    | tr -d '\n' | sed 's/<Blob>/\n<Blob>/g' | grep '^<Blob>' | while IFS= read -r blob; do
      printf '  %s  key=%s versions=%s\n' "$(echo "$blob" | sed -n 's/.*<Name>\([^<]*\)<\/Name>.*/\1/p')" \
        "$(echo "$blob" | sed -n 's/.*<key>\([^<]*\)<\/key>.*/\1/p')" \
        "$(echo "$blob" | sed -n 's/.*<versions>\([^<]*\)<\/versions>.*/\1/p')"
    done
}
