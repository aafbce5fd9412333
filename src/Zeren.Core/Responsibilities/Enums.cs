namespace Zeren.Core.Responsibilities;

/// <summary>清单类别: who a responsibility list is for.</summary>
public enum ListKind
{
    /// <summary>共性清单: issued by the county to every organization of a kind and level below it.</summary>
    Common = 1,

    /// <summary>个性清单: an organization's own list (a township's), issued to organizations it chooses below it.</summary>
    Own = 2,
}

/// <summary>How one item stands at one receiving organization.</summary>
public enum CompletionState
{
    /// <summary>待完成: nothing reported yet.</summary>
    Open = 1,

    /// <summary>已报完成: marked done with evidence, awaiting the issuer.</summary>
    Done = 2,

    /// <summary>已确认: the issuer accepted the completion.</summary>
    Confirmed = 3,

    /// <summary>已退回: the issuer returned the completion with a comment; the item is open again.</summary>
    Returned = 4,

    /// <summary>已撤销: the issuer revoked the item while it was open here; nothing is owed and nothing can be reported.</summary>
    Revoked = 5,
}

/// <summary>Which receivers a list's completion view shows.</summary>
public enum ReceiverFilter
{
    /// <summary>Every receiver.</summary>
    All = 0,

    /// <summary>Receivers with every item done or confirmed.</summary>
    Done = 1,

    /// <summary>Receivers with something still to do (open or returned).</summary>
    Open = 2,

    /// <summary>Receivers with something past its deadline and not done.</summary>
    Overdue = 3,
}
