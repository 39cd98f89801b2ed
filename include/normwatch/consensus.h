/*
 * consensus.h - who do the sources say is behind an incident?
 *
 * Every source's claim is kept: the state or actor it names, how firmly
 * (hedge), who says so (party), the report and its date.  The summary
 * groups the claims by attributed state (and, apart, by actor) and counts
 * claimants: a claimant is one source (the claiming identity: the
 * publisher, or for STIX input the identity that made the claim) with one
 * party, so the same list read in three formats is one claimant, and a
 * report in which officials and researchers name different states holds
 * two.
 *
 *   unattributed   no claimant names a state;
 *   single-source  one claimant names a state (or states), no one else
 *                  names any;
 *   consensus      two or more claimants, all naming the same state(s);
 *   majority       more than half of the claimants name a state, and
 *                  some name another;
 *   disputed       claimants name different states and no state has more
 *                  than half of them.
 *
 * Actors are context, never a state claim: an actor claim whose canonical
 * actor has a sponsoring state in the actor table shows that state beside
 * the actor ("APT28, linked to RU by the actor table"), but the verdict
 * counts only states the sources themselves name (CODEBOOK.md: code only
 * what the text says).
 */
#ifndef NORMWATCH_CONSENSUS_H
#define NORMWATCH_CONSENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/actors.h"
#include "normwatch/error.h"
#include "normwatch/report.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

/* One claim of one source about one incident. */
struct nw_claim {
	const char	*source;	/* the claiming identity */
	const char	*feed;		/* the feed of the report */
	int64_t		 report;	/* report id */
	const char	*native_id;	/* the report's native id */
	struct nw_date	 date;		/* the report's date */
	char		 state[3];	/* attributed state; "" for an actor */
	enum nw_hedge	 hedge;		/* state claims */
	enum nw_party	 party;		/* state claims; unspecified else */
	const char	*actor;		/* actor claims: the name as written */
	const char	*actor_id;	/* its canonical actor, or NULL */
	const char	*actor_name;	/* the canonical name, or NULL */
	char		 actor_state[3];/* the canonical actor's sponsoring
					   state (context), or "" */
};

enum nw_verdict {
	NW_VERDICT_UNATTRIBUTED = 0,
	NW_VERDICT_SINGLE,
	NW_VERDICT_CONSENSUS,
	NW_VERDICT_MAJORITY,
	NW_VERDICT_DISPUTED
};

/* "unattributed", "single-source", "consensus", "majority", "disputed". */
const char	*nw_verdict_name(enum nw_verdict);

/* One side: a state (or an actor) and the claims that name it. */
struct nw_side {
	char			  state[3];	/* state sides */
	const char		 *actor;	/* actor sides: canonical name,
						   else the name as written */
	const char		 *actor_id;	/* or NULL */
	char			  actor_state[3];	/* context, or "" */
	size_t			  support;	/* distinct claimants */
	int			  leading;	/* 1: the consensus or majority
						   side */
	const struct nw_claim	**claims;	/* in report order */
	size_t			  nclaims;
};

struct nw_summary {
	enum nw_verdict	 verdict;
	size_t		 claimants;	/* claimants that name a state */
	struct nw_side	*states;	/* by support, then state code */
	size_t		 nstates;
	struct nw_side	*actors;	/* by support, then name */
	size_t		 nactors;
};

/*
 * Summarise n claims (kept, not copied: they must outlive *out) into
 * *out; memory from the arena.
 */
void	nw_summarize(const struct nw_claim *claims, size_t n,
	    struct nw_arena *arena, struct nw_summary *out);

/*
 * The claims of an incident as the store holds them (claiming identities
 * from STIX provenance, canonical actors from the stored resolution), in
 * report order and then claim order, into the arena.  Returns 0, or -1
 * with *err.
 */
int	nw_incident_claims(struct nw_store *, int64_t incident,
	    struct nw_arena *arena, struct nw_claim **claims, size_t *n,
	    struct nw_error *err);

#endif
