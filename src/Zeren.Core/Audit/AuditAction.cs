namespace Zeren.Core.Audit;

/// <summary>操作: what an audit entry records. Stored by name; new values go at the end.</summary>
public enum AuditAction
{
    /// <summary>新增: a row was created.</summary>
    Create,

    /// <summary>修改: a row was changed.</summary>
    Update,

    /// <summary>删除: a row was deleted.</summary>
    Delete,

    /// <summary>登录成功.</summary>
    LoginSucceeded,

    /// <summary>登录失败 (the user name typed is recorded, never the password).</summary>
    LoginFailed,

    /// <summary>退出登录.</summary>
    Logout,

    /// <summary>导出: a list left the system as a file.</summary>
    Export,

    /// <summary>查看完整个人信息: a full ID number or mobile was shown.</summary>
    RevealPersonalData,

    /// <summary>授予角色.</summary>
    GrantRole,

    /// <summary>撤销角色.</summary>
    RevokeRole,

    /// <summary>账号变更: created, locked, unlocked, disabled.</summary>
    AccountChange,

    /// <summary>修改密码.</summary>
    PasswordChange,

    /// <summary>两步验证变更.</summary>
    TwoFactorChange,

    /// <summary>配置变更.</summary>
    ConfigChange,

    /// <summary>导入: an Excel import or the demo county load, as one summary entry.</summary>
    Import,
}
