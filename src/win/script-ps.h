/* The fixed PowerShell parts of the generated scripts (script-ps.c). */
#ifndef HEADROOM_WIN_SCRIPT_PS_H
#define HEADROOM_WIN_SCRIPT_PS_H

/* admin check, counters (HrCount: ok, boot, skip, failed), HrReg, HrService,
 * HrValueRecord, HrScmStartMode, HrSetStart */
extern const char ps_preamble[];
/* HrDisable, HrSetValue */
extern const char ps_apply_fns[];
/* merges $HrItems into the state file at $HrStatePath, keeping what an
 * earlier run recorded; needs $HrFormat, $HrNow, $HrVersion */
extern const char ps_record[];
/* HrRestoreService, HrRestoreValue */
extern const char ps_undo_fns[];
/* HrRestoreAppx: only for state files of the package removal */
extern const char ps_undo_appx_fn[];

/* the page file item (script-pagefile.c): HrPagefileRecord (apply and
 * undo), HrSetPagefileManaged (apply), HrRestorePagefile (undo) */
extern const char ps_pagefile_record_fn[];
extern const char ps_pagefile_apply_fn[];
extern const char ps_pagefile_undo_fn[];

#endif
