// Fetching file URLs the way an app's <img> does: a plain GET, no auth
// header, the file token (if any) in the query.
export async function download(url) {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}
