package cluster

import "time"

// follow reads LiteFS's role and position every FollowInterval until the
// node stops. On a replica, a move of the position is a change made
// elsewhere, which no model hook announced: the read routes drop their
// cache, and PocketBase's settings and collections are reloaded when their
// tables changed.
func (n *Node) follow() {
	ticker := time.NewTicker(n.config.FollowInterval)
	defer ticker.Stop()
	var settingsSeen, collectionsSeen string
	for {
		select {
		case <-n.done:
			return
		case <-ticker.C:
		}
		before := n.txid.Load()
		if err := n.read(); err != nil {
			n.app.Logger().Warn("cluster: reading LiteFS's state", "error", err)
			continue
		}
		if !n.IsReplica() || n.txid.Load() == before {
			continue
		}
		if n.config.DataChanged != nil {
			select {
			case n.config.DataChanged <- struct{}{}:
			default: // one is pending: the cache will be dropped anyway
			}
		}
		settingsSeen = n.reloadIfChanged(settingsSeen, "_params", n.app.ReloadSettings)
		collectionsSeen = n.reloadIfChanged(collectionsSeen, "_collections", n.app.ReloadCachedCollections)
	}
}

// reloadIfChanged runs reload when table's row count and newest `updated`
// differ from seen (a delete changes the count), and returns them.
func (n *Node) reloadIfChanged(seen, table string, reload func() error) string {
	var latest string
	err := n.app.DB().NewQuery("SELECT COUNT(*) || '/' || COALESCE(MAX([[updated]]), '') FROM {{" + table + "}}").Row(&latest)
	if err != nil {
		n.app.Logger().Warn("cluster: reading "+table, "error", err)
		return seen
	}
	if latest == seen {
		return seen
	}
	if seen != "" { // the first read only learns where things are
		if err := reload(); err != nil {
			n.app.Logger().Warn("cluster: reloading after a change to "+table, "error", err)
			return seen
		}
	}
	return latest
}
